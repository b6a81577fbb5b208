namespace StreamRefiner.Ledger;

/// <summary>A row of <c>ledger_consent</c> as read back (times as Unix milliseconds, as stored).</summary>
public sealed class LedgerConsentRow
{
    public string EventKey { get; set; } = string.Empty;

    public string Contact { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string? Keyword { get; set; }

    public string? ClassifierReason { get; set; }

    public string Provider { get; set; } = string.Empty;

    public string ProviderMessageId { get; set; } = string.Empty;

    public long OccurredAtMs { get; set; }

    public long? ReceivedAtMs { get; set; }

    public string? SourceTopic { get; set; }

    public int? SourcePartition { get; set; }

    public long? SourceOffset { get; set; }

    public long? RecordedAtMs { get; set; }
}
