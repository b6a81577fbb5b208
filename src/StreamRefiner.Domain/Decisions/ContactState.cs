using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Decisions;

/// <summary>Everything the decide stage keeps about one contact between events.</summary>
public sealed class ContactState
{
    public ContactState()
    {
        Windows = new SignalWindow[Enum.GetValues<Signal>().Length];
        LastSeen = new DateTimeOffset?[Windows.Length];
        for (var i = 0; i < Windows.Length; i++)
        {
            Windows[i] = new SignalWindow();
        }
    }

    /// <summary>The current primary segment; null before the first decision.</summary>
    public string? Segment { get; set; }

    /// <summary>When the contact entered <see cref="Segment"/> (event-time clock).</summary>
    public DateTimeOffset? SegmentSince { get; set; }

    /// <summary>A segment the contact is heading for, not yet confirmed.</summary>
    public string? Pending { get; set; }

    public DateTimeOffset? PendingSince { get; set; }

    /// <summary>How many transitions this contact has had; the next one gets Sequence + 1.</summary>
    public long Sequence { get; set; }

    /// <summary>
    /// The highest internal-topic offset already applied (-1: none). Replays at or below change nothing.
    /// </summary>
    public long AppliedOffset { get; set; } = -1;

    public DateTimeOffset? FirstSeen { get; set; }

    /// <summary>The latest click or reply.</summary>
    public DateTimeOffset? LastEngagement
    {
        get
        {
            var click = LastSeen[(int)Signal.Clicks];
            var reply = LastSeen[(int)Signal.Replies];
            return click is null ? reply : reply is null || click > reply ? click : reply;
        }
    }

    /// <summary>The contact's decision clock: it never runs backwards.</summary>
    public DateTimeOffset? EvaluatedAt { get; set; }

    public bool OptedOut { get; set; }

    /// <summary>Event time of the consent change in force; a consent event older than this is superseded.</summary>
    public DateTimeOffset? ConsentChangedAt { get; set; }

    /// <summary>When this contact must be evaluated again even if nothing arrives.</summary>
    public DateTimeOffset? Due { get; set; }

    public SignalWindow[] Windows { get; }

    /// <summary>The latest event time per signal (indexed by <see cref="Signal"/>).</summary>
    public DateTimeOffset?[] LastSeen { get; }

    /// <summary>When the contact last left each segment, for cooldowns.</summary>
    public Dictionary<string, DateTimeOffset> LeftAt { get; } = new(StringComparer.Ordinal);

    /// <summary>Contact attributes (timezone, customer status …) that rules read as <c>attr.NAME</c>.</summary>
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

    public DedupeRing Recent { get; } = new();

    public SignalWindow Window(Signal signal) => Windows[(int)signal];
}
