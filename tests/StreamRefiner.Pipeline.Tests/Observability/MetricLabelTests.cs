using System.Text;
using System.Text.RegularExpressions;
using Prometheus;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests.Observability;

[Collection(RedisCollection.Name)]
public sealed partial class MetricLabelTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private const int Contacts = 300;

    [GeneratedRegex(@"^\+?\d{8,15}$")]
    private static partial Regex PhoneLike();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? ")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();

    [Fact]
    public async Task Label_sets_stay_bounded_however_many_contacts_flow_through()
    {
        using var harness = new PipelineHarness(redis, Now);
        var topics = harness.Kafka.Topics;
        harness.Start();
        harness.ProduceAndWait(topics.Clicks, Payloads.Canonical("click", "+12025550999", Now.AddHours(-1)), Now);
        Assert.Single(harness.ReadTransitions(count: 1, TimeSpan.FromSeconds(60)));
        var before = await SeriesAsync();

        for (var i = 0; i < Contacts; i++)
        {
            var contact = $"+1202555{1000 + i:D4}";
            var topic = topics.Inputs[i % topics.Inputs.Count];
            var type = i % 7 == 0 ? "opt_out" : "click";
            harness.Produce(topic, Payloads.Canonical(type, contact, Now.AddMinutes(-i)), Now);
        }

        harness.Produce(topics.Clicks, "{\"contact\":\"+12025559999\",\"type\":", Now);
        Assert.Equal(Contacts, harness.ReadTransitions(count: Contacts, TimeSpan.FromSeconds(90)).Count);
        var after = await SeriesAsync();

        var phoneLike = after.SelectMany(f => f.Value).SelectMany(s => s)
            .Where(l => PhoneLike().IsMatch(l.Value) || l.Value.Contains("202555", StringComparison.Ordinal))
            .Select(l => $"{l.Key}={l.Value}")
            .ToList();
        Assert.True(phoneLike.Count == 0, "label values that look like contacts: " + string.Join(", ", phoneLike));
        foreach (var (family, series) in after)
        {
            var grew = series.Count - (before.GetValueOrDefault(family)?.Count ?? 0);
            Assert.True(grew <= 20, $"{family} gained {grew} series for {Contacts} contacts");
            Assert.True(series.Count <= 200, $"{family} has {series.Count} series");
        }

        Assert.Contains("streamrefiner_segment_contacts", after.Keys);
        Assert.Contains("streamrefiner_opt_out_latency_seconds", after.Keys);
    }

    /// <summary>Every exported family (histogram parts folded) → its label sets, without <c>le</c>.</summary>
    private static async Task<Dictionary<string, List<List<KeyValuePair<string, string>>>>> SeriesAsync()
    {
        using var stream = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        var families = new Dictionary<string, Dictionary<string, List<KeyValuePair<string, string>>>>();
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (line.StartsWith('#') || !match.Success)
            {
                continue;
            }

            var name = Regex.Replace(match.Groups["name"].Value, "_(bucket|sum|count)$", string.Empty);
            var labels = Label().Matches(match.Groups["labels"].Value)
                .Select(m => new KeyValuePair<string, string>(m.Groups["key"].Value, m.Groups["value"].Value))
                .Where(l => l.Key != "le")
                .ToList();
            var key = string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));
            if (!families.TryGetValue(name, out var series))
            {
                series = [];
                families[name] = series;
            }

            series[key] = labels;
        }

        return families.ToDictionary(f => f.Key, f => f.Value.Values.ToList());
    }
}
