using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Ledger.Explain;

/// <summary>
/// Everything <c>streamrefiner explain</c> shows about one contact: its live state from Redis (null when Redis
/// holds none), the window values at <paramref name="Now"/>, and its ledger history.
/// </summary>
public sealed record ContactExplanation(
    string Contact,
    DateTimeOffset Now,
    ContactState? State,
    IReadOnlyList<(string Name, long Value)> WindowsNow,
    ContactHistory History)
{
    /// <summary>The transition that put the contact in its current segment, when the ledger holds it.</summary>
    public LedgerTransitionRow? CurrentReason =>
        State?.Segment is { } segment && History.Transitions.Count > 0
            && History.Transitions[^1].ToSegment == segment
            ? History.Transitions[^1]
            : null;
}
