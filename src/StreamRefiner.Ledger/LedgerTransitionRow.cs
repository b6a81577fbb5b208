namespace StreamRefiner.Ledger;

/// <summary>A row of <c>ledger_transitions</c> as read back (times as Unix milliseconds, as stored).</summary>
public sealed class LedgerTransitionRow
{
    public string Id { get; set; } = string.Empty;

    public string Contact { get; set; } = string.Empty;

    public long Sequence { get; set; }

    public string? FromSegment { get; set; }

    public string ToSegment { get; set; } = string.Empty;

    public string ReasonKind { get; set; } = string.Empty;

    public string ReasonRule { get; set; } = string.Empty;

    public string ReasonDetail { get; set; } = string.Empty;

    /// <summary>The window values that decided, as a JSON object (null in rows migrated from version 1).</summary>
    public string? WindowValues { get; set; }

    public string RulesVersion { get; set; } = string.Empty;

    public long DecidedAtMs { get; set; }

    public long? TriggerEventTimeMs { get; set; }

    public string? TriggerEventId { get; set; }

    public string? SourceTopic { get; set; }

    public int? SourcePartition { get; set; }

    public long? SourceOffset { get; set; }

    public long? RecordedAtMs { get; set; }
}
