using StreamRefiner.Domain.Events;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Decisions;

/// <summary>
/// The debounce engine: applies events to a contact, chooses its segment and decides when a change becomes a
/// transition. Pure: no I/O, no wall clock; every instant comes from events or from the caller's stream time.
/// </summary>
/// <remarks>
/// Each contact has its own decision clock (<see cref="ContactState.EvaluatedAt"/>) that never runs backwards.
/// A change of segment is pending until it has held for the target's confirm_for; returning to the current
/// segment first cancels it (a flap absorbed). Consent bypasses all of this: an opt-out moves the contact to
/// opted_out at once and cancels what is pending; an opt-in leaves opted_out at once.
/// </remarks>
public sealed class Decider
{
    /// <summary>Guards the timer loop: more firings than this at one call means the rules oscillate.</summary>
    private const int MaxFiringsPerCall = 256;

    private static readonly TimeSpan[] ReportedWindows =
        [TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30)];

    public Decider(RuleSet rules)
    {
        Rules = rules;
    }

    public RuleSet Rules { get; }

    /// <summary>Applies one event read at internal-topic <paramref name="offset"/> to the contact.</summary>
    public ApplyResult Apply(ContactState state, CanonicalEvent e, long offset, DecisionLog log)
    {
        if (offset <= state.AppliedOffset)
        {
            return ApplyResult.Replayed;
        }

        state.AppliedOffset = offset;

        // Timers due before this event fire first, so a decision never depends on how records were batched.
        Fire(state, e.Contact, e.OccurredAt, log);

        // Consent changes are idempotent and never go through the deduplication ring, so no hash collision
        // can ever drop an opt-out.
        var now = Later(state.EvaluatedAt, e.OccurredAt);
        var isConsent = e.Type == EventType.OptOut || (e.Type == EventType.OptIn && state.OptedOut);
        if (!isConsent && !state.Recent.TryAdd(e.DedupeKey, now))
        {
            return ApplyResult.Duplicate;
        }

        state.EvaluatedAt = now;
        state.FirstSeen = Earlier(state.FirstSeen, e.OccurredAt);

        switch (e.Type)
        {
            case EventType.OptOut:
                OptOut(state, e, now, log);
                break;
            case EventType.OptIn when state.OptedOut:
                OptIn(state, e, now, log);
                break;
            case EventType.OptIn when e.Keyword == "YES":
                // YES from a contact who is not opted out is an ordinary reply.
                Count(state, Signal.Replies, e.OccurredAt, now, log);
                break;
            case EventType.Reply:
                Count(state, Signal.Replies, e.OccurredAt, now, log);
                break;
            case EventType.Click:
                Count(state, Signal.Clicks, e.OccurredAt, now, log);
                break;
            case EventType.Sent:
                Count(state, Signal.Sent, e.OccurredAt, now, log);
                break;
            case EventType.Delivered:
                Count(state, Signal.Delivered, e.OccurredAt, now, log);
                break;
            case EventType.Failed:
                Count(state, Signal.Failed, e.OccurredAt, now, log);
                break;
            default:
                // Link previews, HELP and START from a subscribed contact change no window.
                break;
        }

        Evaluate(state, e.Contact, now, e, log);
        return ApplyResult.Applied;
    }

    /// <summary>Fires the contact's timers that are due at or before <paramref name="streamTime"/>.</summary>
    public void Fire(ContactState state, string contact, DateTimeOffset streamTime, DecisionLog log)
    {
        for (var i = 0; i < MaxFiringsPerCall && state.Due is { } due && due <= streamTime; i++)
        {
            var now = Later(state.EvaluatedAt, due);
            state.EvaluatedAt = now;
            Evaluate(state, contact, now, trigger: null, log);
        }
    }

    private static void Count(ContactState state, Signal signal, DateTimeOffset at, DateTimeOffset now,
        DecisionLog log)
    {
        if (!state.Window(signal).Add(at, now))
        {
            log.TooLate++;
            return;
        }

        state.LastSeen[(int)signal] = Later(state.LastSeen[(int)signal], at);
    }

    private void OptOut(ContactState state, CanonicalEvent e, DateTimeOffset now, DecisionLog log)
    {
        // The later consent event wins; on a tie the opt-out wins.
        if (state.ConsentChangedAt is { } changed && e.OccurredAt < changed)
        {
            log.ConsentSuperseded++;
            return;
        }

        state.ConsentChangedAt = e.OccurredAt;
        if (state.OptedOut)
        {
            return;
        }

        state.OptedOut = true;
        state.Pending = null;
        state.PendingSince = null;
        var reason = new TransitionReason("consent", "opt_out", e.Keyword ?? "opt-out", Snapshot(state, now));
        Emit(state, e.Contact, RuleSet.OptedOut, now, e, reason, log);
    }

    private void OptIn(ContactState state, CanonicalEvent e, DateTimeOffset now, DecisionLog log)
    {
        if (state.ConsentChangedAt is { } changed && e.OccurredAt <= changed)
        {
            log.ConsentSuperseded++;
            return;
        }

        state.ConsentChangedAt = e.OccurredAt;
        state.OptedOut = false;

        // Leaving opted_out skips confirm_for: consent is never debounced.
        var target = Rules.Choose(new ContactView(state, now), current: null);
        var reason = new TransitionReason("consent", "opt_in", e.Keyword ?? "opt-in", Snapshot(state, now));
        Emit(state, e.Contact, target.Name, now, e, reason, log);
    }

    private void Evaluate(ContactState state, string contact, DateTimeOffset now, CanonicalEvent? trigger,
        DecisionLog log)
    {
        state.Due = null;
        foreach (var window in state.Windows)
        {
            window.Compact(now);
        }

        // Keep state small: forget deduplication keys past their horizon, and segment exits no cooldown needs.
        state.Recent.Prune(now);
        foreach (var (segment, left) in state.LeftAt)
        {
            if (now - left > Rules.LongestCooldown)
            {
                state.LeftAt.Remove(segment);
            }
        }

        if (state.OptedOut)
        {
            return;
        }

        var view = new ContactView(state, now);
        var target = Rules.Choose(view, state.Segment);
        var condition = target.Name == state.Segment ? null : target.Enter.Text;

        if (state.Segment is null)
        {
            var first = new TransitionReason("first_seen", $"{target.Name}.enter", target.Enter.Text,
                Snapshot(state, now));
            Emit(state, contact, target.Name, now, trigger, first, log);
        }
        else if (target.Name == state.Segment)
        {
            if (state.Pending is not null)
            {
                log.FlapsAbsorbed.Add(state.Pending);
                state.Pending = null;
                state.PendingSince = null;
            }
        }
        else
        {
            if (state.Pending != target.Name)
            {
                state.Pending = target.Name;
                state.PendingSince = now;
            }

            if (now >= Maturity(state, target))
            {
                var reason = new TransitionReason("rule", $"{target.Name}.enter", condition ?? target.Enter.Text,
                    Snapshot(state, now));
                Emit(state, contact, target.Name, now, trigger, reason, log);
            }
        }

        state.Due = NextDue(state, now);
    }

    /// <summary>
    /// When a pending move to <paramref name="target"/> may happen: it has held for the target's confirm_for, the
    /// contact has spent the current segment's min_dwell in it, and the target's cooldown since the contact last
    /// left it has passed.
    /// </summary>
    private DateTimeOffset Maturity(ContactState state, SegmentDefinition target)
    {
        var at = state.PendingSince!.Value + target.ConfirmFor;
        if (state.Segment is { } current && Rules.Find(current) is { } segment && state.SegmentSince is { } since)
        {
            at = Later(at, since + segment.MinDwell);
        }

        if (state.LeftAt.TryGetValue(target.Name, out var left))
        {
            at = Later(at, left + target.Cooldown);
        }

        return at;
    }

    private void Emit(ContactState state, string contact, string to, DateTimeOffset now, CanonicalEvent? trigger,
        TransitionReason reason, DecisionLog log)
    {
        var from = state.Segment;
        if (from is not null)
        {
            state.LeftAt[from] = now;
        }

        state.Segment = to;
        state.SegmentSince = now;
        state.Pending = null;
        state.PendingSince = null;
        state.Sequence++;
        state.Due = to == RuleSet.OptedOut ? null : NextDue(state, now);

        log.Transitions.Add(new Transition
        {
            Id = Transition.IdFor(contact, state.Sequence, to, now),
            Contact = contact,
            Sequence = state.Sequence,
            From = from,
            To = to,
            DecidedAt = now,
            TriggerEventTime = trigger?.OccurredAt,
            TriggerEventId = trigger?.EventId,
            Reason = reason,
            RulesVersion = Rules.Version,
            Hints = Rules.Find(to)?.Hints,
        });
    }

    /// <summary>The next instant the contact's segment could change without a new event.</summary>
    private DateTimeOffset? NextDue(ContactState state, DateTimeOffset now)
    {
        DateTimeOffset? due = null;
        if (state.Pending is not null && Rules.Find(state.Pending) is { } pending)
        {
            due = Maturity(state, pending);
        }

        var view = new ContactView(state, now);
        foreach (var segment in Rules.Segments)
        {
            due = EarliestAfter(due, segment.Enter.NextChange(view), now);
            if (segment.Exit is not null)
            {
                due = EarliestAfter(due, segment.Exit.NextChange(view), now);
            }
        }

        return due;
    }

    private static Dictionary<string, long> Snapshot(ContactState state, DateTimeOffset now)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var signal in Enum.GetValues<Signal>())
        {
            foreach (var window in ReportedWindows)
            {
                var count = state.Window(signal).Count(window, now);
                if (count != 0)
                {
                    values[$"{WindowNames.Signal(signal)}.{WindowNames.Window(window)}"] = count;
                }
            }
        }

        var lastActivity = state.LastEngagement ?? state.FirstSeen;
        if (lastActivity is { } at)
        {
            values["days_since_last_activity"] = (long)Math.Floor((now - at).TotalDays);
        }

        return values;
    }

    private static DateTimeOffset? EarliestAfter(DateTimeOffset? current, DateTimeOffset? candidate,
        DateTimeOffset now)
    {
        if (candidate is null || candidate <= now)
        {
            return current;
        }

        return current is null || candidate < current ? candidate : current;
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private static DateTimeOffset Earlier(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}
