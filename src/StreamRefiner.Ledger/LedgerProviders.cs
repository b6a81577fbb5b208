namespace StreamRefiner.Ledger;

/// <summary>The values <see cref="LedgerOptions.Provider"/> accepts.</summary>
public static class LedgerProviders
{
    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    public static bool IsKnown(string? provider) => provider is Sqlite or Postgres;
}
