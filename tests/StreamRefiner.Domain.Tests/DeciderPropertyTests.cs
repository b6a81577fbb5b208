using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Events;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Rules;

namespace StreamRefiner.Domain.Tests;

/// <summary>
/// Properties of the decider over many random event histories (seeded, so a failure names its seed and
/// replays): debounce limits are never broken, opt-outs always take effect at once, and decisions are
/// deterministic whatever the timer cadence.
/// </summary>
public sealed class DeciderPropertyTests
{
    private const int Histories = 300;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> RuleFiles => new() { "default", "debounce" };

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void No_rule_transition_breaks_min_dwell_or_cooldown(string rulesName)
    {
        var rules = Load(rulesName);
        var (dwellChecks, reentryChecks) = (0, 0);
        for (var seed = 0; seed < Histories; seed++)
        {
            var transitions = Run(rules, History(seed), fireEveryHours: 0, out _);
            var entered = new Dictionary<string, DateTimeOffset>();
            var left = new Dictionary<string, DateTimeOffset>();
            string? current = null;
            foreach (var t in transitions)
            {
                if (t.Reason.Kind == "rule")
                {
                    var from = rules.Find(t.From!)!;
                    var to = rules.Find(t.To)!;
                    Assert.True(t.DecidedAt - entered[t.From!] >= from.MinDwell,
                        $"seed {seed}: left {t.From} at {t.DecidedAt} after entering at {entered[t.From!]}");
                    dwellChecks++;
                    if (left.TryGetValue(t.To, out var leftAt))
                    {
                        reentryChecks++;
                        Assert.True(t.DecidedAt - leftAt >= to.Cooldown,
                            $"seed {seed}: re-entered {t.To} at {t.DecidedAt} after leaving at {leftAt}");
                    }
                }

                Assert.Equal(current, t.From);
                if (t.From is not null)
                {
                    left[t.From] = t.DecidedAt;
                }

                entered[t.To] = t.DecidedAt;
                current = t.To;
            }
        }

        // The histories must reach the checks at all, or the property holds vacuously.
        Assert.True(dwellChecks > 0 && reentryChecks > 0, $"rule moves {dwellChecks}, re-entries {reentryChecks}");
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void Every_effective_opt_out_moves_the_contact_to_opted_out_in_the_same_step(string rulesName)
    {
        var rules = Load(rulesName);
        var effective = 0;
        for (var seed = 0; seed < Histories; seed++)
        {
            var decider = new Decider(rules);
            var state = new ContactState();
            var log = new DecisionLog();
            var offset = 0L;
            foreach (var e in History(seed))
            {
                var wasOptedOut = state.OptedOut;
                var superseded = state.ConsentChangedAt is { } changed && e.OccurredAt < changed;
                var before = log.Transitions.Count;
                var duplicate = decider.Apply(state, e, offset++, log) == ApplyResult.Duplicate;
                if (e.Type != EventType.OptOut || duplicate || superseded)
                {
                    continue;
                }

                Assert.Equal(RuleSet.OptedOut, state.Segment);
                if (!wasOptedOut)
                {
                    var last = log.Transitions[^1];
                    Assert.True(log.Transitions.Count > before, $"seed {seed}: opt-out at {e.OccurredAt} emitted nothing");
                    Assert.Equal((RuleSet.OptedOut, "consent"), (last.To, last.Reason.Kind));
                    Assert.True(last.DecidedAt >= e.OccurredAt);
                    effective++;
                }
            }
        }

        Assert.True(effective > 0, "no history opted a contact out: the property was never checked");
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void Replay_and_timer_cadence_do_not_change_the_decisions(string rulesName)
    {
        var rules = Load(rulesName);
        for (var seed = 0; seed < Histories / 3; seed++)
        {
            var history = History(seed);
            var first = Run(rules, history, fireEveryHours: 0, out _).Select(Key).ToList();
            var replay = Run(rules, history, fireEveryHours: 0, out _).Select(Key).ToList();
            var hourly = Run(rules, history, fireEveryHours: 1, out _).Select(Key).ToList();

            Assert.Equal(first, replay);
            Assert.Equal(first, hourly);
        }
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void Sequences_are_contiguous_and_decisions_never_go_back_in_time(string rulesName)
    {
        var rules = Load(rulesName);
        for (var seed = 0; seed < Histories; seed++)
        {
            var transitions = Run(rules, History(seed), fireEveryHours: 0, out _);

            Assert.Equal(Enumerable.Range(1, transitions.Count).Select(i => (long)i), transitions.Select(t => t.Sequence));
            Assert.True(transitions.Zip(transitions.Skip(1)).All(p => p.First.DecidedAt <= p.Second.DecidedAt),
                $"seed {seed}: decisions out of order");
        }
    }

    private static (string?, string, DateTimeOffset, string) Key(Transition t) => (t.From, t.To, t.DecidedAt, t.Id);

    private static RuleSet Load(string name) => name == "default"
        ? RulesLoader.Default()
        : RulesLoader.Load(DebounceRulesTests.Rules, "debounce.yaml").Rules!;

    private static List<Transition> Run(RuleSet rules, List<CanonicalEvent> history, int fireEveryHours,
        out ContactState state)
    {
        var decider = new Decider(rules);
        state = new ContactState();
        var log = new DecisionLog();
        var offset = 0L;
        var clock = history[0].OccurredAt;
        foreach (var e in history)
        {
            while (fireEveryHours > 0 && clock < e.OccurredAt)
            {
                decider.Fire(state, Events.Contact, clock, log);
                clock = clock.AddHours(fireEveryHours);
            }

            decider.Apply(state, e, offset++, log);
        }

        decider.Fire(state, Events.Contact, history[^1].OccurredAt.AddDays(120), log);
        return log.Transitions;
    }

    /// <summary>A random history: bursts and silences, late arrivals, redeliveries, and consent changes.</summary>
    private static List<CanonicalEvent> History(int seed)
    {
        var random = new Random(seed);
        var events = new List<CanonicalEvent>();
        var at = T0;
        var count = random.Next(5, 80);
        for (var i = 0; i < count; i++)
        {
            at = at.AddMinutes(random.NextDouble() < 0.15 ? random.Next(1, 120) * 24 * 60 / 4 : random.Next(1, 600));
            var type = random.Next(100) switch
            {
                < 30 => EventType.Click,
                < 40 => EventType.Reply,
                < 60 => EventType.Sent,
                < 80 => EventType.Delivered,
                < 90 => EventType.Failed,
                < 95 => EventType.OptOut,
                _ => EventType.OptIn,
            };

            // Some events arrive late: their time is before events already applied.
            var time = random.NextDouble() < 0.1 ? at.AddHours(-random.Next(1, 72)) : at;
            var keyword = type switch
            {
                EventType.OptOut => "STOP",
                EventType.OptIn => random.NextDouble() < 0.5 ? "START" : "YES",
                _ => null,
            };
            var e = Events.Of(type, time, dedupe: $"{seed}:{i}", keyword: keyword);
            events.Add(e);
            if (random.NextDouble() < 0.05)
            {
                events.Add(e);
            }
        }

        return events;
    }
}
