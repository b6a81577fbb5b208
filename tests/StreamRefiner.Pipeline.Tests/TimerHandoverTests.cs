using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Pipeline.Tests.Observability;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>
/// Timers live in Redis, per internal-topic partition: they survive a Redis restart (with persistence), and a
/// rebalance hands them to the instance that takes the partition. Each contact clicks twice, which makes a
/// move to engaged pending for six hours; no further event arrives, so only a timer can decide it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class TimerHandoverTests(RedisServer sharedRedis)
{
    private const int Contacts = 24;
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public void Timers_survive_a_redis_restart_in_the_middle_of_a_run()
    {
        using var redis = RedisServer.Persistent();
        using var harness = new PipelineHarness(redis, Now, partitions: 4);
        harness.Start();
        ProducePendingContacts(harness);
        var first = harness.ReadTransitions(Contacts, Timeout, moveClock: false);
        WaitUntilAllPending(harness);

        redis.Stop();
        redis.Start();
        harness.Clock.Advance(TimeSpan.FromHours(6));
        var fired = harness.ReadTransitions(Contacts, Timeout);

        Report("redis restart", first, fired);
        Assert.Equal(Contacts, first.Count(t => t.To == "new_lead"));
        AssertEngagedOnceEach(fired);
    }

    [Fact]
    public void A_rebalance_hands_partitions_and_their_timers_to_the_other_instance()
    {
        using var harness = new PipelineHarness(sharedRedis, Now, partitions: 4);
        using var logsA = new CapturingLoggerProvider();
        using var logsB = new CapturingLoggerProvider();
        using var factoryA = LoggerFactory.Create(b => b.AddProvider(logsA));
        using var factoryB = LoggerFactory.Create(b => b.AddProvider(logsB));
        harness.StartNormalise();
        var instanceA = harness.StartDecideInstance(factoryA);

        ProducePendingContacts(harness);
        var first = harness.ReadTransitions(Contacts, Timeout, moveClock: false);
        WaitUntilAllPending(harness);

        // A second instance joins: the partitions (and the timers indexed under them) are split between the two.
        using var joined = harness.StartDecideInstance(factoryB);
        WaitFor(() => Assigned(logsB) > 0 && Assigned(logsA) > 0 && Assigned(logsA) + Assigned(logsB) == 4,
            "the two instances to split the four partitions", () => Describe(logsA) + " | " + Describe(logsB));
        var split = (Assigned(logsA), Assigned(logsB));

        harness.Clock.Advance(TimeSpan.FromHours(6));
        var fired = harness.ReadTransitions(Contacts, Timeout);

        // The first instance leaves: the second takes every partition and decides the opt-outs of all contacts.
        instanceA.Dispose();
        WaitFor(() => Assigned(logsB) == 4, "the second instance to own all four partitions");
        foreach (var contact in ContactNumbers())
        {
            harness.Produce(harness.Kafka.Topics.Replies,
                Payloads.TwilioInbound(contact, "STOP", $"SM{contact[^6..]}", "STOP"), Now.AddHours(6));
        }

        var optOuts = harness.ReadTransitions(Contacts, Timeout);

        Report($"rebalance (partitions split {split.Item1}/{split.Item2})", first, fired);
        AssertEngagedOnceEach(fired);
        Assert.Equal(Contacts, optOuts.Count(t => t.To == "opted_out"));
        Assert.Equal(Contacts, optOuts.Select(t => t.Contact).Distinct().Count());
    }

    [Fact]
    public async Task A_timer_fired_transition_whose_transaction_committed_is_not_produced_again_after_a_crash_before_its_ack()
    {
        using var harness = new PipelineHarness(sharedRedis, Now, partitions: 4);
        harness.StartNormalise();
        var crashes = 0;
        using var crashing = harness.StartDecideInstance(NullLoggerFactory.Instance, afterCommit: transitions =>
        {
            // The first batch with a timer-fired move: committed in Kafka, its outboxes still in Redis.
            if (transitions.Any(t => t.To == "engaged") && Interlocked.Exchange(ref crashes, 1) == 0)
            {
                throw new InvalidOperationException("simulated crash between the commit and the outbox ack");
            }
        });
        ProducePendingContacts(harness);
        var first = harness.ReadTransitions(Contacts, Timeout, moveClock: false);
        WaitUntilAllPending(harness);

        harness.Clock.Advance(TimeSpan.FromHours(6));
        WaitFor(() => !crashing.IsAlive, "the first instance to crash after committing timer-fired transitions",
            () => "(still running)");
        var outboxes = (await harness.Store.LoadAsync([.. ContactNumbers()])).Count(c => c.Outbox.Count > 0);

        // A new instance takes every partition: committed outboxes are acknowledged, not produced again.
        using var replacement = harness.StartDecideInstance(NullLoggerFactory.Instance);
        var fired = harness.ReadTransitions(Contacts, Timeout);

        Report($"crash before the outbox ack ({outboxes} outboxes left behind)", first, fired);
        Assert.IsType<InvalidOperationException>(crashing.Failure);
        Assert.True(outboxes > 0, "the crash left no outbox behind: the test did not reach its point");
        AssertEngagedOnceEach(fired);
    }

    /// <summary>A contact's three records go to one input partition, so they are read in order.</summary>
    private static void ProducePendingContacts(PipelineHarness harness)
    {
        var i = 0;
        foreach (var contact in ContactNumbers())
        {
            var sid = contact[^6..];
            var partition = i++ % harness.Kafka.TopicPartitions;
            var topic = harness.Kafka.Topics.Clicks;
            harness.Produce(topic, Payloads.Canonical("delivered", contact, Now.AddHours(-3)), Now.AddHours(-3), partition);
            harness.Produce(topic, Payloads.TwilioClick(contact, $"NOa{sid}", Now.AddHours(-2)), Now.AddHours(-2),
                partition);
            harness.Produce(topic, Payloads.TwilioClick(contact, $"NOb{sid}", Now.AddHours(-1)), Now.AddHours(-1),
                partition);
        }
    }

    private static void WaitUntilAllPending(PipelineHarness harness) => WaitFor(() =>
    {
        var stored = harness.Store.LoadAsync([.. ContactNumbers()]).GetAwaiter().GetResult();
        return stored.All(c => c.State.Pending == "engaged");
    }, "every contact to have a pending move to engaged");

    private static void AssertEngagedOnceEach(List<Transitions.TransitionSummary> fired)
    {
        var engaged = fired.Where(t => t.To == "engaged").ToList();
        Assert.Equal(Contacts, engaged.Count);
        Assert.Equal(Contacts, engaged.Select(t => t.Id).Distinct().Count());
        Assert.All(engaged, t => Assert.Equal(Transition.IdFor(t.Contact, 2, "engaged", t.DecidedAt), t.Id));
        Assert.All(engaged, t => Assert.Equal(Now.AddHours(5), t.DecidedAt));
    }

    private static IEnumerable<string> ContactNumbers() =>
        Enumerable.Range(0, Contacts).Select(i => $"+1312555{7100 + i:D4}");

    private static int Assigned(CapturingLoggerProvider logs)
    {
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        var lines = logs.Lines.Where(l => l.EventId is 1003 or 1004 && l.Text.StartsWith("decide", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            // The captured text is the message, then " | " and the structured fields.
            var message = line.Text.Split(" | ")[0];
            var parts = message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..]
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var part in parts)
            {
                if (line.EventId == 1003)
                {
                    assigned.Add(part);
                }
                else
                {
                    assigned.Remove(part);
                }
            }
        }

        return assigned.Count;
    }

    private static void Report(string name, List<Transitions.TransitionSummary> first,
        List<Transitions.TransitionSummary> fired) =>
        Console.WriteLine($"{name}: {first.Count} first assignments, {fired.Count} transitions after the timers came due " +
            $"({fired.Count(t => t.To == "engaged")} to engaged, {fired.Select(t => t.Id).Distinct().Count()} distinct ids)");

    private static string Describe(CapturingLoggerProvider logs) => string.Join("; ",
        logs.Lines.Where(l => l.EventId is 1003 or 1004).Select(l => l.Text.Split(" | ")[0]));

    private static void WaitFor(Func<bool> condition, string what, Func<string>? detail = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what} {detail?.Invoke()}");
            }

            Thread.Sleep(50);
        }
    }
}
