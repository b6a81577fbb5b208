using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Domain.Events;
using StreamRefiner.Host.Sample;
using StreamRefiner.Inputs.Formats;

namespace StreamRefiner.Pipeline.Tests;

public sealed class SampleTrafficTests
{
    private static readonly DateTimeOffset End = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sample_history_is_deterministic_for_a_seed()
    {
        var first = new TrafficGenerator(200, seed: 5).History(End, 30);
        var second = new TrafficGenerator(200, seed: 5).History(End, 30);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Sample_history_reads_as_provider_traffic_with_only_a_few_deliberately_bad_records()
    {
        var parser = new RecordParser(new RecordParserOptions(), new FakeTimeProvider(End));
        var records = new TrafficGenerator(500, seed: 42).History(End, 90);

        var outcomes = records
            .Select(r => parser.Parse(new RawRecord(Encoding.UTF8.GetBytes(r.Payload), r.Timestamp)))
            .ToList();
        var types = outcomes.SelectMany(o => o.Events).GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count());
        var formats = outcomes.Select(o => o.Format).ToHashSet();
        var rejected = outcomes.Count(o => o.Rejection is not null);

        Assert.True(records.Count > 5000, $"only {records.Count} records");
        Assert.Superset(new HashSet<string>
        {
            "twilio_form", "twilio_json", "twilio_cloudevent", "canonical", "telnyx", "vonage_sms", "plivo",
            "bandwidth", "sinch",
        }, formats);
        foreach (var type in new[] { EventType.Click, EventType.Reply, EventType.OptOut, EventType.Sent,
                     EventType.Delivered, EventType.Failed, EventType.LinkPreview })
        {
            Assert.True(types.GetValueOrDefault(type) > 0, $"no {type} events in the sample");
        }

        Assert.InRange(rejected, 1, records.Count / 100);
        Assert.True(records.Zip(records.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
    }
}
