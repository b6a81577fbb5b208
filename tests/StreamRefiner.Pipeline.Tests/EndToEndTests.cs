using System.Text.Json;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests;

[Collection(RedisCollection.Name)]
public sealed class EndToEndTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string Quitter = "+12025550101";
    private const string Blipper = "+12025550102";
    private const string Clicker = "+12025550103";

    [Fact]
    public void Provider_payloads_become_exactly_the_expected_transitions()
    {
        using var harness = new PipelineHarness(redis, Now);
        var topics = harness.Kafka.Topics;
        var flapsBefore = PipelineMetrics.FlapsAbsorbed.WithLabels("subscribed").Value;
        harness.Start();

        // Quitter: a delivery 10 days ago makes them a new lead; a STOP an hour ago opts them out at once.
        harness.ProduceAndWait(topics.Deliveries, Payloads.TwilioStatus(Quitter, "SM01", "delivered", Now.AddDays(-10)),
            Now.AddDays(-10));

        // Blipper: signs up, clicks twice (engaged after 6 h), goes quiet until the 30-day window empties,
        // and clicks again 6 hours later: the pending move to subscribed is absorbed.
        harness.ProduceAndWait(topics.Consent, Payloads.Canonical("opt_in", Blipper, Now.AddDays(-50)), Now.AddDays(-50));
        harness.ProduceAndWait(topics.Clicks, Payloads.TwilioClick(Blipper, "NO01", Now.AddDays(-45)), Now.AddDays(-45));
        harness.ProduceAndWait(topics.Clicks, Payloads.TwilioClick(Blipper, "NO02", Now.AddDays(-45).AddHours(1)),
            Now.AddDays(-45).AddHours(1));
        var windowEmpty = new DateTimeOffset(2026, 2, 15, 0, 0, 0, TimeSpan.Zero);
        harness.ProduceAndWait(topics.Clicks, Payloads.TwilioClick(Blipper, "NO03", windowEmpty.AddHours(6)),
            windowEmpty.AddHours(6));

        // A malformed record, then a valid one on the same partition: the partition keeps going.
        var badOffset = harness.NextOffset(topics.Clicks, 0);
        harness.ProduceAndWait(topics.Clicks, "{\"specversion\":\"1.0\",\"type\":", Now.AddHours(-3), partition: 0);
        harness.ProduceAndWait(topics.Clicks, Payloads.Canonical("click", Clicker, Now.AddHours(-2)), Now.AddHours(-2),
            partition: 0);

        harness.ProduceAndWait(topics.Replies, Payloads.TwilioInbound(Quitter, "Stop", "SM02"), Now.AddHours(-1));

        var transitions = harness.ReadTransitions(count: 5, Timeout);

        var actual = transitions
            .OrderBy(t => t.Contact, StringComparer.Ordinal).ThenBy(t => t.Sequence)
            .Select(t => (t.Contact, t.Sequence, t.From, t.To, t.DecidedAt, t.ReasonKind))
            .ToList();
        Assert.Equal(
        [
            (Quitter, 1L, null, "new_lead", new DateTimeOffset(2026, 2, 20, 12, 0, 0, TimeSpan.Zero), "first_seen"),
            (Quitter, 2L, "new_lead", "opted_out", Now.AddHours(-1), "consent"),
            (Blipper, 1L, null, "new_lead", Now.AddDays(-50), "first_seen"),
            (Blipper, 2L, "new_lead", "engaged", Now.AddDays(-45).AddHours(7), "rule"),
            (Clicker, 1L, null, "subscribed", Now.AddHours(-2), "first_seen"),
        ], actual);
        Assert.All(transitions, t => Assert.Equal(Transition.IdFor(t.Contact, t.Sequence, t.To, t.DecidedAt), t.Id));
        Assert.True(PipelineMetrics.FlapsAbsorbed.WithLabels("subscribed").Value >= flapsBefore + 1);

        var deadLetter = Assert.Single(harness.ReadDeadLetters(1, Timeout));
        Assert.Equal("malformed_json", deadLetter.Reason);
        using var json = JsonDocument.Parse(deadLetter.Json);
        Assert.Equal(topics.Clicks, json.RootElement.GetProperty("source_topic").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("source_partition").GetInt32());
        Assert.Equal(badOffset, json.RootElement.GetProperty("source_offset").GetInt64());
        Assert.Equal("{\"specversion\":\"1.0\",\"type\":",
            System.Text.Encoding.UTF8.GetString(json.RootElement.GetProperty("raw_base64").GetBytesFromBase64()));
    }
}
