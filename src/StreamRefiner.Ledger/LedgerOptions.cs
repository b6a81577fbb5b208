namespace StreamRefiner.Ledger;

/// <summary>Settings of the consent and transition ledger (configuration section <c>Ledger</c>).</summary>
public sealed class LedgerOptions
{
    /// <summary><c>sqlite</c> (embedded default, a file) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = LedgerProviders.Sqlite;

    /// <summary>An ADO.NET connection string for the provider, e.g. <c>Data Source=.run/ledger.db</c>.</summary>
    public string ConnectionString { get; set; } = "Data Source=.run/ledger.db";

    /// <summary>
    /// Transitions older than this many days are deleted; 0 keeps everything. Consent rows outlive it while they
    /// prove a contact's current consent (see the README's ledger section).
    /// </summary>
    public int RetentionDays { get; set; }

    /// <summary>How often the retention sweep runs.</summary>
    public int RetentionIntervalMinutes { get; set; } = 60;
}
