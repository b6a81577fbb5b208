using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Events;
using StreamRefiner.Rules;

namespace StreamRefiner.Domain.Tests;

public sealed class DeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly Decider _decider = new(RulesLoader.Default());
    private readonly ContactState _state = new();
    private readonly DecisionLog _log = new();
    private long _offset;

    [Fact]
    public void First_event_assigns_new_lead_at_once()
    {
        Apply(EventType.Delivered, T0);

        var t = Assert.Single(_log.Transitions);
        Assert.Null(t.From);
        Assert.Equal("new_lead", t.To);
        Assert.Equal(T0, t.DecidedAt);
        Assert.Equal("first_seen", t.Reason.Kind);
    }

    [Fact]
    public void Opt_out_moves_to_opted_out_at_its_event_time_and_cancels_what_is_pending()
    {
        Apply(EventType.Delivered, T0);
        Apply(EventType.Click, T0.AddHours(1));
        Apply(EventType.Click, T0.AddHours(2));
        Assert.Equal("engaged", _state.Pending);

        Apply(EventType.OptOut, T0.AddHours(3), keyword: "STOP");

        var t = _log.Transitions[^1];
        Assert.Equal(("new_lead", "opted_out"), (t.From, t.To));
        Assert.Equal(T0.AddHours(3), t.DecidedAt);
        Assert.Equal("consent", t.Reason.Kind);
        Assert.Equal("STOP", t.Reason.Detail);
        Assert.Null(_state.Pending);
        Assert.Null(_state.Due);

        // Nothing pending fires later: the engaged move was cancelled.
        _decider.Fire(_state, Events.Contact, T0.AddDays(200), _log);
        Assert.Equal("opted_out", _state.Segment);
        Assert.Equal(2, _log.Transitions.Count);
    }

    [Fact]
    public void A_change_becomes_a_transition_only_after_holding_for_confirm_for()
    {
        Apply(EventType.Delivered, T0);
        Apply(EventType.Click, T0.AddHours(1));
        Apply(EventType.Reply, T0.AddHours(2));

        Assert.Single(_log.Transitions);
        Assert.Equal(T0.AddHours(8), _state.Due);

        _decider.Fire(_state, Events.Contact, T0.AddHours(7).AddMinutes(59), _log);
        Assert.Single(_log.Transitions);

        _decider.Fire(_state, Events.Contact, T0.AddHours(8), _log);
        var t = _log.Transitions[^1];
        Assert.Equal(("new_lead", "engaged"), (t.From, t.To));
        Assert.Equal(T0.AddHours(8), t.DecidedAt);
        Assert.Null(t.TriggerEventTime);
        Assert.Equal(1, t.Reason.Values["clicks.7d"]);
        Assert.Equal(1, t.Reason.Values["replies.7d"]);
    }

    [Fact]
    public void A_dip_that_reverses_inside_confirm_for_is_absorbed_without_a_transition()
    {
        Apply(EventType.Delivered, T0);
        Apply(EventType.Click, T0.AddHours(1));
        Apply(EventType.Click, T0.AddHours(2));
        _decider.Fire(_state, Events.Contact, T0.AddHours(8), _log);
        Assert.Equal("engaged", _state.Segment);
        var before = _log.Transitions.Count;

        // 30 days after the clicks' day, the 30d window empties: the contact heads for subscribed (confirm 1d).
        var empty = new DateTimeOffset(2026, 2, 9, 0, 0, 0, TimeSpan.Zero);
        _decider.Fire(_state, Events.Contact, empty.AddHours(1), _log);
        Assert.Equal("subscribed", _state.Pending);

        // A click 10 hours later brings the contact back before the move is confirmed.
        Apply(EventType.Click, empty.AddHours(10));
        _decider.Fire(_state, Events.Contact, empty.AddDays(3), _log);

        Assert.Equal(before, _log.Transitions.Count);
        Assert.Equal("engaged", _state.Segment);
        Assert.Null(_state.Pending);
        Assert.Equal(["subscribed"], _log.FlapsAbsorbed);
    }

    [Fact]
    public void A_silent_contact_reaches_dormant_on_time_from_timers_alone()
    {
        Apply(EventType.Delivered, T0);
        _decider.Fire(_state, Events.Contact, T0.AddDays(100), _log);

        var moves = _log.Transitions.Select(t => (t.To, t.DecidedAt)).ToList();
        Assert.Equal(
        [
            ("new_lead", T0),
            ("subscribed", T0.AddDays(31)),
            ("dormant", T0.AddDays(62)),
        ], moves);
    }

    [Fact]
    public void A_replayed_offset_changes_nothing()
    {
        var e = Events.Of(EventType.Click, T0);
        _decider.Apply(_state, e, 5, _log);
        var encodedSequence = _state.Sequence;

        var result = _decider.Apply(_state, Events.Of(EventType.Click, T0.AddMinutes(1)), 5, _log);

        Assert.Equal(ApplyResult.Replayed, result);
        Assert.Equal(encodedSequence, _state.Sequence);
        Assert.Equal(1, _state.Window(Windows.Signal.Clicks).Count(TimeSpan.FromDays(1), T0.AddMinutes(1)));
    }

    [Fact]
    public void A_redelivery_of_an_event_that_arrived_days_late_counts_once()
    {
        // Regression: keys were kept with the event's own time and pruned 48 h behind the contact's clock, so an
        // event arriving more than two days late was forgotten at once and each redelivery counted again.
        _decider.Apply(_state, Events.Of(EventType.Delivered, T0.AddDays(5)), 1, _log);
        _decider.Apply(_state, Events.Of(EventType.Click, T0, dedupe: "SM2:click"), 2, _log);

        var result = _decider.Apply(_state, Events.Of(EventType.Click, T0, dedupe: "SM2:click"), 3, _log);

        Assert.Equal(ApplyResult.Duplicate, result);
        Assert.Equal(1, _state.Window(Windows.Signal.Clicks).Count(TimeSpan.FromDays(30), T0.AddDays(5)));
    }

    [Fact]
    public void A_provider_redelivery_counts_once()
    {
        _decider.Apply(_state, Events.Of(EventType.Click, T0, dedupe: "SM1:click"), 1, _log);

        var result = _decider.Apply(_state, Events.Of(EventType.Click, T0.AddSeconds(30), dedupe: "SM1:click"), 2, _log);

        Assert.Equal(ApplyResult.Duplicate, result);
        Assert.Equal(2, _state.AppliedOffset);
        Assert.Equal(1, _state.Window(Windows.Signal.Clicks).Count(TimeSpan.FromDays(1), T0.AddMinutes(1)));
    }

    [Fact]
    public void Opt_in_leaves_opted_out_at_once_without_confirm_for()
    {
        Apply(EventType.Delivered, T0);
        Apply(EventType.OptOut, T0.AddDays(1), keyword: "STOP");

        Apply(EventType.OptIn, T0.AddDays(2), keyword: "START");

        var t = _log.Transitions[^1];
        Assert.Equal(("opted_out", "new_lead"), (t.From, t.To));
        Assert.Equal(T0.AddDays(2), t.DecidedAt);
        Assert.Equal("opt_in", t.Reason.Rule);
    }

    [Fact]
    public void An_older_opt_in_arriving_late_does_not_undo_a_later_opt_out()
    {
        Apply(EventType.Delivered, T0);
        Apply(EventType.OptOut, T0.AddDays(2), keyword: "STOP");

        Apply(EventType.OptIn, T0.AddDays(1), keyword: "START");

        Assert.Equal("opted_out", _state.Segment);
        Assert.Equal(1, _log.ConsentSuperseded);
    }

    [Fact]
    public void Opt_out_wins_a_tie_with_opt_in()
    {
        Apply(EventType.Delivered, T0);
        Apply(EventType.OptOut, T0.AddDays(1), keyword: "STOP");

        Apply(EventType.OptIn, T0.AddDays(1), keyword: "START");

        Assert.Equal("opted_out", _state.Segment);
    }

    [Fact]
    public void An_opt_out_older_than_the_contacts_clock_still_applies_at_once()
    {
        Apply(EventType.Delivered, T0.AddDays(5));

        Apply(EventType.OptOut, T0, keyword: "STOP");

        Assert.Equal("opted_out", _state.Segment);
        Assert.Equal(T0.AddDays(5), _log.Transitions[^1].DecidedAt);
    }

    [Fact]
    public void Yes_from_a_contact_who_is_not_opted_out_is_an_ordinary_reply()
    {
        Apply(EventType.Delivered, T0);

        Apply(EventType.OptIn, T0.AddHours(1), keyword: "YES");

        Assert.Equal(1, _state.Window(Windows.Signal.Replies).Count(TimeSpan.FromDays(7), T0.AddHours(1)));
        Assert.False(_state.OptedOut);
    }

    [Fact]
    public void Decisions_do_not_depend_on_how_often_timers_are_fired()
    {
        var events = new[]
        {
            (EventType.Delivered, T0), (EventType.Click, T0.AddDays(3)), (EventType.Click, T0.AddDays(3.2)),
            (EventType.Reply, T0.AddDays(40)), (EventType.Sent, T0.AddDays(95)), (EventType.Click, T0.AddDays(170)),
        };
        var eager = Run(events, fireEveryHours: 1);
        var lazy = Run(events, fireEveryHours: 0);

        Assert.Equal(lazy, eager);
        Assert.True(eager.Count >= 5);
    }

    [Fact]
    public void Transition_ids_are_deterministic_per_contact_and_sequence()
    {
        var id = Transition.IdFor("+12025550101", 3, "engaged", T0);

        Assert.Equal(id, Transition.IdFor("+12025550101", 3, "engaged", T0));
        Assert.NotEqual(id, Transition.IdFor("+12025550101", 4, "engaged", T0));
        Assert.NotEqual(id, Transition.IdFor("+12025550102", 3, "engaged", T0));
    }

    [Fact]
    public void A_contact_whose_state_was_lost_never_reuses_an_earlier_transition_id()
    {
        // Regression: ids were hash(contact, sequence); a contact whose Redis state expired or was lost starts
        // again at sequence 1, and its new first transition collided with the old one (consumers and the ledger
        // dropped it as a duplicate).
        var before = new Decider(RulesLoader.Default());
        var log = new DecisionLog();
        before.Apply(new ContactState(), Events.Of(EventType.Delivered, T0), 0, log);
        before.Apply(new ContactState(), Events.Of(EventType.OptOut, T0.AddDays(3), keyword: "STOP"), 0, log);

        Assert.Equal((1L, 1L), (log.Transitions[0].Sequence, log.Transitions[1].Sequence));
        Assert.NotEqual(log.Transitions[0].Id, log.Transitions[1].Id);
    }

    private static List<(string? From, string To, DateTimeOffset At, string Id)> Run(
        (EventType Type, DateTimeOffset At)[] events, int fireEveryHours)
    {
        var decider = new Decider(RulesLoader.Default());
        var state = new ContactState();
        var log = new DecisionLog();
        var offset = 0;
        var clock = events[0].At;
        foreach (var (type, at) in events)
        {
            while (fireEveryHours > 0 && clock < at)
            {
                decider.Fire(state, Events.Contact, clock, log);
                clock = clock.AddHours(fireEveryHours);
            }

            decider.Apply(state, Events.Of(type, at, dedupe: $"{type}:{at:O}"), offset++, log);
        }

        decider.Fire(state, Events.Contact, events[^1].At.AddDays(100), log);
        return [.. log.Transitions.Select(t => (t.From, t.To, t.DecidedAt, t.Id))];
    }

    private void Apply(EventType type, DateTimeOffset at, string? keyword = null) =>
        _decider.Apply(_state, Events.Of(type, at, keyword: keyword), _offset++, _log);
}
