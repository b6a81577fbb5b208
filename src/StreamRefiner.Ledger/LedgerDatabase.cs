using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace StreamRefiner.Ledger;

/// <summary>Opens connections to the configured ledger backend; the only provider-specific code besides SQL.</summary>
public sealed class LedgerDatabase
{
    public LedgerDatabase(LedgerOptions options)
    {
        if (!LedgerProviders.IsKnown(options.Provider))
        {
            throw new ArgumentException($"Ledger:Provider: got '{options.Provider}'; expected sqlite or postgres");
        }

        Provider = options.Provider;
        ConnectionString = options.ConnectionString;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == LedgerProviders.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection;
        if (IsPostgres)
        {
            connection = new NpgsqlConnection(ConnectionString);
        }
        else
        {
            EnsureDirectory(ConnectionString);
            connection = new SqliteConnection(ConnectionString);
        }

        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SQLite creates the file but not its folder: create the folder of a file data source.</summary>
    private static void EnsureDirectory(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:"
            || source.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
