using StreamRefiner.Domain.Segments.Conditions;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Segments;

/// <summary>
/// The segments that ship by default, defined in code. The README lists them with their conditions.
/// </summary>
public static class DefaultRules
{
    public const string Version = "default-1";

    public static RuleSet Create() => new(Version,
    [
        new SegmentDefinition
        {
            Name = "engaged",
            Purpose = "retention",
            Priority = 30,
            Enter = new CountCondition([Signal.Clicks, Signal.Replies], TimeSpan.FromDays(7),
                Comparison.GreaterOrEqual, 2),
            Exit = new CountCondition([Signal.Clicks, Signal.Replies], TimeSpan.FromDays(30),
                Comparison.Equal, 0),
            ConfirmFor = TimeSpan.FromHours(6),
        },
        new SegmentDefinition
        {
            Name = "dormant",
            Purpose = "reactivation",
            Priority = 20,
            Enter = new SinceCondition(RecencyAnchor.LastActivity, atLeast: true, TimeSpan.FromDays(60)),
            ConfirmFor = TimeSpan.FromDays(2),
        },
        new SegmentDefinition
        {
            Name = "new_lead",
            Purpose = "onboarding",
            Priority = 10,
            // New and not yet engaged: a contact who engaged once never goes back to onboarding.
            Enter = LogicalCondition.And(
                new SinceCondition(RecencyAnchor.FirstSeen, atLeast: false, TimeSpan.FromDays(30)),
                new CountCondition([Signal.Clicks, Signal.Replies], TimeSpan.FromDays(90), Comparison.Equal, 0)),
            ConfirmFor = TimeSpan.Zero,
        },
        new SegmentDefinition
        {
            Name = "subscribed",
            Purpose = "retention",
            Priority = 0,
            Enter = AlwaysCondition.Instance,
            ConfirmFor = TimeSpan.FromDays(1),
        },
    ]);
}
