using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Events;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Rules;

namespace StreamRefiner.Domain.Tests;

public sealed class DebounceRulesTests
{
    /// <summary>Two segments driven by clicks alone, with every debounce knob set.</summary>
    public const string Rules = """
        version: debounce-test
        segments:
          - name: hot
            purpose: retention
            priority: 10
            enter: clicks.1d >= 1
            confirm_for: 1h
            min_dwell: 2d
            cooldown: 3d
            variant: hot-track
          - name: cold
            purpose: retention
            priority: 0
            fallback: true
            confirm_for: 2h
            min_dwell: 1d
        """;

    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private readonly Decider _decider = new(RulesLoader.Load(Rules, "test.yaml").Rules!);
    private readonly ContactState _state = new();
    private readonly DecisionLog _log = new();
    private long _offset;

    [Fact]
    public void A_contact_leaves_no_sooner_than_min_dwell_after_entering()
    {
        Apply(EventType.Sent, T0);
        Apply(EventType.Click, T0.AddDays(2));

        // clicks.1d empties at T0+3d, so cold's confirm_for alone would allow the move at T0+3d+2h;
        // hot's min_dwell (2d from entering at T0+2d+1h) holds it until T0+4d+1h.
        _decider.Fire(_state, Events.Contact, T0.AddDays(10), _log);

        Assert.Equal(
        [
            (null, "cold", T0),
            ("cold", "hot", T0.AddDays(2).AddHours(1)),
            ("hot", "cold", T0.AddDays(4).AddHours(1)),
        ], Moves());
    }

    [Fact]
    public void Min_dwell_of_the_current_segment_holds_a_move_that_confirm_for_allows()
    {
        Apply(EventType.Sent, T0);
        Apply(EventType.Click, T0.AddHours(1));

        // hot's confirm_for (1h) is met at T0+2h, but cold's min_dwell (1d) holds the contact until T0+1d.
        _decider.Fire(_state, Events.Contact, T0.AddDays(1).AddMinutes(30), _log);

        Assert.Equal([(null, "cold", T0), ("cold", "hot", T0.AddDays(1))], Moves());
    }

    [Fact]
    public void A_contact_does_not_reenter_a_segment_within_its_cooldown()
    {
        Apply(EventType.Sent, T0);
        Apply(EventType.Click, T0.AddDays(2));
        _decider.Fire(_state, Events.Contact, T0.AddDays(4).AddHours(1), _log);
        Assert.Equal("cold", _state.Segment);

        // Clicks every 4 hours for four days: hot holds from the first, but hot's cooldown (3d after
        // leaving at T0+4d+1h) decides when the contact may re-enter.
        for (var hour = 1; hour <= 96; hour += 4)
        {
            Apply(EventType.Click, T0.AddDays(4).AddHours(1 + hour));
        }

        Assert.Equal(("cold", "hot", T0.AddDays(7).AddHours(1)), Moves()[^1]);
        Assert.Equal(4, _log.Transitions.Count);
    }

    [Fact]
    public void Hints_travel_on_transitions_into_the_segment()
    {
        Apply(EventType.Click, T0);

        var t = Assert.Single(_log.Transitions);
        Assert.Equal("hot-track", t.Hints?.Variant);
        Assert.Equal("debounce-test", t.RulesVersion);
    }

    [Fact]
    public void Consent_ignores_min_dwell_and_cooldown()
    {
        Apply(EventType.Click, T0);
        Apply(EventType.OptOut, T0.AddMinutes(1), "STOP");
        Apply(EventType.OptIn, T0.AddMinutes(2), "START");

        var moves = _log.Transitions.Select(t => (t.From, t.To, t.DecidedAt)).ToList();
        Assert.Equal(
        [
            (null, "hot", T0),
            ("hot", RuleSet.OptedOut, T0.AddMinutes(1)),
            (RuleSet.OptedOut, "hot", T0.AddMinutes(2)),
        ], moves);
    }

    private List<(string? From, string To, DateTimeOffset At)> Moves() =>
        [.. _log.Transitions.Select(t => (t.From, t.To, t.DecidedAt))];

    private void Apply(EventType type, DateTimeOffset at, string? keyword = null) =>
        _decider.Apply(_state, Events.Of(type, at, keyword: keyword), _offset++, _log);
}
