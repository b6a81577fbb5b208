using System.Security.Cryptography;
using System.Text;

namespace StreamRefiner.Domain.Decisions;

/// <summary>A contact's membership changed: the fact downstream senders act on.</summary>
public sealed record Transition
{
    /// <summary>
    /// Deterministic: a hash of contact, per-contact sequence, target and decision time, so a replay or a re-emission
    /// has the same id, while a contact whose state was lost (an expired TTL, a Redis without persistence) and
    /// starts counting again never reuses the id of an earlier, different transition.
    /// </summary>
    public required string Id { get; init; }

    public required string Contact { get; init; }

    /// <summary>Per-contact sequence number, starting at 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>The previous segment; null for a contact's first assignment.</summary>
    public string? From { get; init; }

    public required string To { get; init; }

    /// <summary>When the change took effect, on the event-time clock (see the README's "Time" section).</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>Event time of the event that caused it; null when a timer caused it.</summary>
    public DateTimeOffset? TriggerEventTime { get; init; }

    public string? TriggerEventId { get; init; }

    public required TransitionReason Reason { get; init; }

    public required string RulesVersion { get; init; }

    /// <summary>The target segment's cadence and variant hints, when it has any.</summary>
    public Segments.SegmentHints? Hints { get; init; }

    /// <summary>
    /// The id of a contact's <paramref name="sequence"/>-th transition, to <paramref name="to"/> at <paramref
    /// name="decidedAt"/>.
    /// </summary>
    public static string IdFor(string contact, long sequence, string to, DateTimeOffset decidedAt)
    {
        var key = $"streamrefiner/transition/{contact}/{sequence}/{to}/{decidedAt.ToUnixTimeMilliseconds()}";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }
}
