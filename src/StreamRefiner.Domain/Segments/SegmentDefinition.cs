using StreamRefiner.Domain.Segments.Conditions;

namespace StreamRefiner.Domain.Segments;

/// <summary>One segment of a rule set.</summary>
public sealed record SegmentDefinition
{
    public required string Name { get; init; }

    /// <summary>What the segment is for (onboarding, retention, reactivation, support, compliance …).</summary>
    public required string Purpose { get; init; }

    /// <summary>Higher wins when several segments' conditions hold.</summary>
    public required int Priority { get; init; }

    public required ICondition Enter { get; init; }

    /// <summary>When set, a member stays until this holds (hysteresis); otherwise until Enter stops holding.</summary>
    public ICondition? Exit { get; init; }

    /// <summary>How long a move into this segment must keep holding before it becomes a transition.</summary>
    public TimeSpan ConfirmFor { get; init; }

    /// <summary>A member leaves no sooner than this after entering (consent excepted).</summary>
    public TimeSpan MinDwell { get; init; }

    /// <summary>A contact re-enters no sooner than this after leaving (consent excepted).</summary>
    public TimeSpan Cooldown { get; init; }

    /// <summary>Hints for senders that travel on every transition into this segment.</summary>
    public SegmentHints? Hints { get; init; }

    /// <summary>True when a member of this segment should leave it, judged at <paramref name="view"/>.</summary>
    public bool ShouldLeave(in Decisions.ContactView view) =>
        Exit is null ? !Enter.Evaluate(view) : Exit.Evaluate(view);
}
