using System.Text;
using Confluent.Kafka;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>
/// Records written into the internal topic by something other than the normalise stage (a person with kcat, a
/// re-drive tool with another partitioner) must not corrupt a contact: they are dead-lettered with a reason.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class InternalTopicGuardTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_key_partitioner_agrees_with_the_producer_the_normalise_stage_uses()
    {
        using var cluster = MockKafkaCluster.Start(brokers: 1);
        cluster.CreateTopic("partitioned", 7);
        var options = new KafkaOptions { BootstrapServers = cluster.BootstrapServers };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(KafkaConfigs.Producer(options, "partitioner-test"))
            .SetLogHandler((_, _) => { })
            .Build();

        var mismatches = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var key = $"+1202555{i:D4}"[..(8 + (i % 5))];
            var delivered = await producer.ProduceAsync("partitioned",
                new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = [1] });
            var expected = KeyPartitioner.PartitionFor(Encoding.UTF8.GetBytes(key), 7);
            if (delivered.Partition.Value != expected)
            {
                mismatches.Add($"{key}: producer {delivered.Partition.Value}, ours {expected}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void An_event_on_a_partition_its_contact_does_not_hash_to_is_dead_lettered_and_a_later_stop_still_lands()
    {
        // Regression: such an event was applied and set the contact's applied offset to that of the other
        // partition, so the contact's next events on its own partition, an opt-out among them, looked replayed.
        using var harness = new PipelineHarness(redis, Now, partitions: 2);
        harness.Start();
        const string contact = "+12025550151";
        var home = KeyPartitioner.PartitionFor(Encoding.UTF8.GetBytes(contact), 2);
        for (var i = 0; i < 40; i++)
        {
            // Move the other partition's offsets well past the contact's own.
            harness.ProduceInternal(1 - home, null, "not canonical at all");
        }

        harness.ProduceInternal(1 - home, contact, Canonical("click", contact, Now.AddMinutes(-5), "misrouted-1"));

        // The misrouted event is dealt with before the STOP arrives (the order in which the bug dropped the STOP).
        var deadLetters = harness.ReadDeadLetters(count: 41, Timeout);
        harness.ProduceAndWait(harness.Kafka.Topics.Replies,
            Payloads.TwilioInbound(contact, "STOP", "SM51", "STOP"), Now.AddMinutes(-1));
        var transitions = harness.ReadTransitions(count: 1, Timeout);

        Assert.Single(deadLetters, d => d.Reason == "wrong_partition");
        Assert.Equal("opted_out", Assert.Single(transitions, t => t.Contact == contact).To);
    }

    [Fact]
    public void A_timer_tick_from_the_future_is_dead_lettered_and_fires_nothing()
    {
        using var harness = new PipelineHarness(redis, Now, partitions: 2);
        harness.Start();
        harness.ProduceAndWait(harness.Kafka.Topics.Deliveries,
            Payloads.TwilioStatus("+12025550161", "SM61", "delivered", Now.AddMinutes(-2)), Now.AddMinutes(-2));
        var first = harness.ReadTransitions(count: 1, Timeout, moveClock: false);

        // The year 2100: every timer of the partition would fire and the contacts' clocks jump 74 years.
        var home = KeyPartitioner.PartitionFor("+12025550161"u8, 2);
        harness.ProduceInternal(home, null, "{\"tick_stream_time_ms\":4102444800000}",
            new Headers { { "sr-kind", "tick"u8.ToArray() } });
        var deadLetters = harness.ReadDeadLetters(count: 1, Timeout);
        var after = harness.ReadTransitions(count: 1, TimeSpan.FromSeconds(3), moveClock: false);

        Assert.Equal("new_lead", Assert.Single(first).To);
        Assert.Equal("future_event", Assert.Single(deadLetters).Reason);
        Assert.Empty(after);
    }

    private static string Canonical(string type, string contact, DateTimeOffset at, string id) =>
        $$"""{"schema_version":1,"event_id":"{{id}}","type":"{{type}}","contact":"{{contact}}","occurred_at":"{{Payloads.Iso(at)}}","clock":"provider","provider":"crm","dedupe_key":"{{id}}"}""";
}
