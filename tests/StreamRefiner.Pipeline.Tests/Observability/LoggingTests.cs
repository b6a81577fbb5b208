using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StreamRefiner.Pipeline.Observability;
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
    public void Client_exception_messages_are_logged_with_numbers_masked()
    {
        var message = "Timeout performing HMGET (5000ms), next: HMGET sr:c:{+12025550101}, inst: 0, qu: 1, "
            + "key: sr:c:{+12025550101}, mgr: 10 of 10 available";

        var masked = LogRedaction.MaskNumbers(message);

        Assert.DoesNotMatch(E164(), masked);
        Assert.Contains("key: sr:c:{+1202*****01}", masked, StringComparison.Ordinal);
        Assert.Contains("(5000ms)", masked, StringComparison.Ordinal);
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

        AssertNoNumbers(capture, 1001, 1003, 1013);
    }

    [Fact]
    public void Logs_of_a_redis_outage_name_no_phone_number()
    {
        var capture = new CapturingLoggerProvider();
        using var ownRedis = new RedisServer();
        using (var logs = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace)))
        using (var harness = new PipelineHarness(ownRedis, Now, logs))
        {
            harness.Start();
            ownRedis.Stop();

            // The decide stage fails on Redis with this contact's key in hand, backs off, and recovers.
            harness.ProduceAndWait(harness.Kafka.Topics.Replies,
                Payloads.TwilioInbound("+12025550398", "STOP", "SM398"), Now);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!capture.Lines.Any(l => l.EventId == 1005) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }

            ownRedis.Start();
            Assert.Single(harness.ReadTransitions(count: 1, TimeSpan.FromSeconds(60)));
        }

        AssertNoNumbers(capture, 1005, 1006);
    }

    private static void AssertNoNumbers(CapturingLoggerProvider capture, params int[] expectedEventIds)
    {
        var lines = capture.Lines.ToList();
        Assert.Superset(expectedEventIds.ToHashSet(), lines.Select(l => l.EventId).ToHashSet());
        var leaks = lines.Where(l => E164().IsMatch(l.Text)).Select(l => $"{l.Category}: {l.Text}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }
}
