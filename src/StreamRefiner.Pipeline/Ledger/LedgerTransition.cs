using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Pipeline.Ledger;

/// <summary>
/// A decided transition with the input record that caused it: the raw topic, partition and offset the
/// triggering event was read from (null when a timer decided, or when the transition was recovered from an
/// outbox after a crash and its source is no longer known).
/// </summary>
public sealed record LedgerTransition(Transition Transition, string? SourceTopic, int? SourcePartition,
    long? SourceOffset);
