using System.Text.Json;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Pipeline.Transitions;

namespace StreamRefiner.Pipeline.Tests;

public sealed class TransitionJsonTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_transition_serialises_to_the_documented_schema()
    {
        var json = TransitionJson.Serialize(new Transition
        {
            Id = Transition.IdFor("+12025550188", 3, "engaged", At),
            Contact = "+12025550188",
            Sequence = 3,
            From = "subscribed",
            To = "engaged",
            DecidedAt = At,
            TriggerEventTime = At.AddHours(-6),
            TriggerEventId = "ev1",
            Reason = new TransitionReason("rule", "engaged.enter", "clicks.7d + replies.7d >= 2",
                new Dictionary<string, long> { ["clicks.7d"] = 2, ["clicks.30d"] = 2 }),
            RulesVersion = "default-2",
            Hints = new SegmentHints(3, TimeSpan.FromDays(1), "steady", "engaged-weekly"),
        });

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(
        [
            "schema_version", "id", "contact", "sequence", "from", "to", "decided_at", "trigger_event_time",
            "trigger_event_id", "reason", "rules_version", "hints",
        ], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-03-02T21:00:00.000Z", root.GetProperty("decided_at").GetString());
        Assert.Equal(2, root.GetProperty("reason").GetProperty("values").GetProperty("clicks.7d").GetInt32());
        var hints = root.GetProperty("hints");
        Assert.Equal((3, 86400, "steady", "engaged-weekly"), (hints.GetProperty("max_per_week").GetInt32(),
            hints.GetProperty("min_gap_seconds").GetInt32(), hints.GetProperty("pacing").GetString(),
            hints.GetProperty("variant").GetString()));
        Assert.Equal(json, TransitionJson.Serialize(SameTransitionWithValuesInAnotherOrder(json)));

        // Regression: the writer's default escaping wrote "\u002B12025550188" and "\u003E=", valid JSON that a
        // grep for the number or the README's examples did not match.
        Assert.Contains("\"contact\":\"+12025550188\"", json, StringComparison.Ordinal);
        Assert.Contains(">= 2", json, StringComparison.Ordinal);
    }

    private static Transition SameTransitionWithValuesInAnotherOrder(string json)
    {
        // Serialisation is deterministic: the same transition always gives the same bytes.
        var summary = TransitionJson.ReadSummary(json);
        return new Transition
        {
            Id = summary.Id,
            Contact = summary.Contact,
            Sequence = summary.Sequence,
            From = summary.From,
            To = summary.To,
            DecidedAt = summary.DecidedAt,
            TriggerEventTime = At.AddHours(-6),
            TriggerEventId = "ev1",
            Reason = new TransitionReason(summary.ReasonKind, summary.Rule, summary.Detail,
                new Dictionary<string, long> { ["clicks.30d"] = 2, ["clicks.7d"] = 2 }),
            RulesVersion = "default-2",
            Hints = new SegmentHints(3, TimeSpan.FromDays(1), "steady", "engaged-weekly"),
        };
    }
}
