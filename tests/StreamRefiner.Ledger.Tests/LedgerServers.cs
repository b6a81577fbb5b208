using StreamRefiner.Testing;

namespace StreamRefiner.Ledger.Tests;

/// <summary>
/// The real servers the ledger tests share: one throwaway PostgreSQL cluster (each test gets its own database)
/// and one Redis (each test its own key prefix). Started once for the collection, stopped by PID afterwards.
/// </summary>
public sealed class LedgerServers : IDisposable
{
    private readonly Lazy<PostgresServer> _postgres = new(() => new PostgresServer());
    private readonly Lazy<RedisServer> _redis = new(() => new RedisServer());

    public PostgresServer Postgres => _postgres.Value;

    public RedisServer Redis => _redis.Value;

    /// <summary>Where the tests' SQLite ledger files go; deleted with the collection.</summary>
    public string SqliteDirectory { get; } =
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"sr-ledger-{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        if (_postgres.IsValueCreated)
        {
            _postgres.Value.Dispose();
        }

        if (_redis.IsValueCreated)
        {
            _redis.Value.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(SqliteDirectory, recursive: true);
    }
}
