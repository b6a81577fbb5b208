using System.Text;
using Microsoft.Extensions.Logging;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Pipeline.Normalise;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Pipeline.Tests.Observability;
using StreamRefiner.Pipeline.Transitions;
using StreamRefiner.State;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests;

[Collection(RedisCollection.Name)]
public sealed class RecoveryTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Transitions_left_in_an_outbox_by_a_crash_are_produced_when_the_partition_is_assigned()
    {
        using var harness = new PipelineHarness(redis, Now);

        // A previous owner saved the decision but died before producing it: the outbox holds it.
        var transition = new Transition
        {
            Id = Transition.IdFor("+12025550111", 1, RuleSet.OptedOut, Now.AddMinutes(-5)),
            Contact = "+12025550111",
            Sequence = 1,
            To = RuleSet.OptedOut,
            DecidedAt = Now.AddMinutes(-5),
            Reason = new TransitionReason("consent", "opt_out", "STOP", new Dictionary<string, long>()),
            RulesVersion = "default-2",
        };
        var state = new ContactState { Segment = RuleSet.OptedOut, OptedOut = true, Sequence = 1 };
        var home = KeyPartitioner.PartitionFor(Encoding.UTF8.GetBytes(transition.Contact), harness.Kafka.EventsPartitions);
        await harness.Store.SaveAsync(
            [new ContactWrite(transition.Contact, home, state, 0, [TransitionJson.Serialize(transition)])]);

        harness.Start();
        var produced = harness.ReadTransitions(count: 1, Timeout);

        var t = Assert.Single(produced);
        Assert.Equal((transition.Id, "opted_out"), (t.Id, t.To));
        Assert.Empty(Assert.Single(await harness.Store.LoadAsync([transition.Contact])).Outbox);
    }

    [Fact]
    public void While_redis_is_down_nothing_is_committed_and_the_record_is_decided_once_it_returns()
    {
        using var ownRedis = new RedisServer();
        using var harness = new PipelineHarness(ownRedis, Now);
        harness.Start();
        harness.ProduceAndWait(harness.Kafka.Topics.Deliveries,
            Payloads.TwilioStatus("+12025550121", "SM21", "delivered", Now.AddDays(-1)), Now.AddDays(-1));
        Assert.Single(harness.ReadTransitions(count: 1, Timeout));

        ownRedis.Stop();
        harness.ProduceAndWait(harness.Kafka.Topics.Replies,
            Payloads.TwilioInbound("+12025550121", "STOP", "SM22", "STOP"), Now.AddMinutes(-1));
        var whileDown = harness.ReadTransitions(count: 1, TimeSpan.FromSeconds(4));

        // A command sent while Redis is gone waits in the client's backlog until its timeout (5 s), so the stage
        // may learn of the outage a little after the 4 s above.
        var ready = true;
        var detail = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ready && DateTime.UtcNow < deadline)
        {
            ready = harness.Health.IsReady(out detail);
            Thread.Sleep(100);
        }

        whileDown.AddRange(harness.ReadTransitions(count: 1, TimeSpan.FromSeconds(1)));
        ownRedis.Start();

        Assert.Empty(whileDown);
        Assert.False(ready);
        Assert.Contains("redis", detail, StringComparison.Ordinal);

        // Redis came back empty (no persistence here): the contact is new again, and the opt-out still lands.
        var after = harness.ReadTransitions(count: 1, Timeout);
        var t = Assert.Single(after);
        Assert.Equal(("+12025550121", "opted_out"), (t.Contact, t.To));
        Assert.True(harness.Health.IsReady(out _));
    }

    [Fact]
    public void A_failed_plain_offset_commit_after_a_committed_transaction_does_not_fail_or_repeat_the_batch()
    {
        // Regression: the plain commit that follows each transaction (for the mock cluster, which does not store
        // transactional offsets) used to fail the whole batch; the retry then produced its transitions again.
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var harness = new PipelineHarness(redis, Now);
        harness.StartNormalise();
        harness.ProduceAndWait(harness.Kafka.Topics.Replies,
            Payloads.TwilioInbound("+12025550131", "STOP", "SM31", "STOP"), Now.AddMinutes(-1));
        var failuresBefore = BatchFailures();

        // The next OffsetCommit request (the decide stage's plain commit) fails: OFFSET_METADATA_TOO_LARGE (12).
        const short offsetCommit = 8;
        harness.Cluster.FailNextRequests(offsetCommit, errorCode: 12);
        using var decide = harness.StartDecideInstance(factory);
        var produced = harness.ReadTransitions(count: 1, Timeout);

        var t = Assert.Single(produced);
        Assert.Equal(("+12025550131", "opted_out"), (t.Contact, t.To));
        Assert.Contains(logs.Lines, l => l.EventId == 1017 && l.Text.Contains("OffsetMetadataTooLarge", StringComparison.Ordinal));
        Assert.Equal(failuresBefore, BatchFailures());
        Assert.True(decide.IsAlive);
    }

    [Fact]
    public void A_failed_normalise_commit_does_not_write_the_batch_again()
    {
        // Regression: the normalise stage used to treat a failed offset commit as a failed batch and write the
        // whole batch to the internal topic again (after a rebalance: once more by the next owner).
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var harness = new PipelineHarness(redis, Now, factory);
        harness.StartNormalise();
        harness.ProduceAndWait(harness.Kafka.Topics.Replies,
            Payloads.TwilioInbound("+12025550141", "hi", "SM41"), Now.AddMinutes(-3));
        var failuresBefore = BatchFailures(NormaliseStage.StageName);

        const short offsetCommit = 8;
        harness.Cluster.FailNextRequests(offsetCommit, errorCode: 12);
        harness.ProduceAndWait(harness.Kafka.Topics.Replies,
            Payloads.TwilioInbound("+12025550141", "hello", "SM42"), Now.AddMinutes(-2));
        harness.ProduceAndWait(harness.Kafka.Topics.Replies,
            Payloads.TwilioInbound("+12025550141", "hello again", "SM43"), Now.AddMinutes(-1));

        var written = Enumerable.Range(0, harness.Kafka.EventsPartitions)
            .Sum(p => harness.NextOffset(harness.Kafka.Topics.Events, p));
        Assert.Equal(3, written);
        Assert.Equal(failuresBefore, BatchFailures(NormaliseStage.StageName));
        Assert.Contains(logs.Lines, l => l.EventId == 1019 && l.Text.Contains("OffsetMetadataTooLarge", StringComparison.Ordinal));
    }

    private static double BatchFailures(string stage = DecideStage.StageName) =>
        PipelineMetrics.BatchFailures.GetAllLabelValues()
            .Where(labels => labels[0] == stage)
            .Sum(labels => PipelineMetrics.BatchFailures.WithLabels(labels).Value);
}
