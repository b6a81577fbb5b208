using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests.Observability;

[Collection(RedisCollection.Name)]
public sealed partial class LoggingTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"\+\d{8,15}")]
    private static partial Regex E164();

    [Fact]
    public void The_e164_pattern_finds_a_number_in_a_line()
    {
        Assert.Matches(E164(), "contact +12025550101 opted out");
        Assert.DoesNotMatch(E164(), "contact +1202*****01 opted out");
    }

    [Fact]
    public void Logs_of_an_end_to_end_run_name_no_phone_number()
    {
        var capture = new CapturingLoggerProvider();
        using (var logs = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace)))
        using (var harness = new PipelineHarness(redis, Now, logs))
        {
            var topics = harness.Kafka.Topics;
            harness.Start();
            for (var i = 0; i < 20; i++)
            {
                var contact = $"+1202555{300 + i:D4}";
                harness.Produce(topics.Deliveries,
                    Payloads.TwilioStatus(contact, $"SM3{i}", "delivered", Now.AddDays(-1)), Now.AddDays(-1));
            }

            // A burst of bad records carrying phone numbers, and an opt-out: both are logged about, never quoted.
            for (var i = 0; i < 12; i++)
            {
                harness.Produce(topics.Clicks, $"{{\"contact\":\"+1202555{400 + i:D4}\",\"type\":", Now);
            }

            harness.ProduceAndWait(topics.Replies, Payloads.TwilioInbound("+12025550399", "STOP", "SM399"), Now);
            Assert.Equal(21, harness.ReadTransitions(count: 21, TimeSpan.FromSeconds(60)).Count);
        }

        var lines = capture.Lines.ToList();
        var ids = lines.Select(l => l.EventId).ToHashSet();
        Assert.Superset(new HashSet<int> { 1001, 1003, 1007, 1013 }, ids);
        var leaks = lines.Where(l => E164().IsMatch(l.Text)).Select(l => $"{l.Category}: {l.Text}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
