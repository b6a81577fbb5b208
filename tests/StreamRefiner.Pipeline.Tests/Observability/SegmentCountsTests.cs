using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests.Observability;

[Collection(RedisCollection.Name)]
public sealed class SegmentCountsTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_move_takes_one_from_what_it_left_and_adds_one_to_what_it_entered()
    {
        Assert.Equal(
            [new("s:engaged", -1), new("s:dormant", 1), new("p:dormant", -1)],
            SegmentCounts.Delta("engaged", "dormant", "dormant", null));
        Assert.Equal([new("s:new_lead", 1)], SegmentCounts.Delta(null, null, "new_lead", null));
        Assert.Empty(SegmentCounts.Delta("engaged", null, "engaged", null));
    }

    [Fact]
    public void Only_owned_partitions_are_exported_and_a_revoked_one_stops_counting()
    {
        var counts = new SegmentCounts(["zz_owned_a", "zz_owned_b"]);
        Assert.Equal(0, PipelineMetrics.SegmentContacts.WithLabels("zz_owned_a").Value);

        counts.Load(0, new Dictionary<string, long> { ["s:zz_owned_a"] = 5, ["p:zz_owned_b"] = 2 });
        counts.Load(1, new Dictionary<string, long> { ["s:zz_owned_a"] = 7 });
        counts.Apply(1, [new("s:zz_owned_a", -1), new("s:zz_owned_b", 1)]);
        counts.Apply(9, [new("s:zz_owned_a", 100)]);
        counts.Publish();
        Assert.Equal((11d, 1d, 2d), (PipelineMetrics.SegmentContacts.WithLabels("zz_owned_a").Value,
            PipelineMetrics.SegmentContacts.WithLabels("zz_owned_b").Value,
            PipelineMetrics.PendingChanges.WithLabels("zz_owned_b").Value));

        counts.Drop(0);
        Assert.Equal((6d, 0d), (PipelineMetrics.SegmentContacts.WithLabels("zz_owned_a").Value,
            PipelineMetrics.PendingChanges.WithLabels("zz_owned_b").Value));
    }

    [Fact]
    public void Segment_sizes_survive_a_restart_of_the_worker()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        using (var first = new PipelineHarness(redis, Now, keyPrefix: prefix))
        {
            first.Start();
            for (var i = 0; i < 30; i++)
            {
                first.Produce(first.Kafka.Topics.Clicks,
                    Payloads.Canonical("click", $"+1202555{6000 + i:D4}", Now.AddHours(-1)), Now);
            }

            Assert.Equal(30, first.ReadTransitions(count: 30, TimeSpan.FromSeconds(60)).Count);
            Assert.Equal(30, PipelineMetrics.SegmentContacts.WithLabels("subscribed").Value);
        }

        // Stopped: its partitions were revoked, so it exports nothing.
        Assert.Equal(0, PipelineMetrics.SegmentContacts.WithLabels("subscribed").Value);

        // A new worker over the same Redis counts the contacts again as soon as it owns the partitions.
        using var second = new PipelineHarness(redis, Now, keyPrefix: prefix);
        second.Start();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (PipelineMetrics.SegmentContacts.WithLabels("subscribed").Value < 30 && DateTime.UtcNow < deadline)
        {
            second.ReadTransitions(count: 0, TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(30, PipelineMetrics.SegmentContacts.WithLabels("subscribed").Value);
    }
}
