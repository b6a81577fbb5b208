namespace StreamRefiner.Ledger.Tests;

/// <summary>An empty ledger database on either backend: a temporary SQLite file or a new PostgreSQL database.</summary>
internal static class Backend
{
    public static LedgerOptions Create(string provider, LedgerServers servers) => provider switch
    {
        LedgerProviders.Sqlite => new LedgerOptions
        {
            Provider = LedgerProviders.Sqlite,
            ConnectionString =
                $"Data Source={Path.Combine(servers.SqliteDirectory, $"{Guid.NewGuid():N}", "ledger.db")}",
        },
        LedgerProviders.Postgres => new LedgerOptions
        {
            Provider = LedgerProviders.Postgres,
            ConnectionString = servers.Postgres.CreateDatabase(),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown provider"),
    };
}
