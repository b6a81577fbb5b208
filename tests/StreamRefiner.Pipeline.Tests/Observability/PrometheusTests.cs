using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamRefiner.Host.Commands;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests.Observability;

/// <summary>
/// The shipped dashboard and alert rules against a real Prometheus scraping the real worker (the Host's
/// <c>run</c> application on a free port, over the mock Kafka cluster and its own Redis): every panel query
/// returns data, the alerts are quiet while all is well, and each alert that can be caused live fires on its
/// fault. The others (lag growth over minutes, a flap spike) are covered by <c>promtool test rules</c>.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed partial class PrometheusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [GeneratedRegex(@"for: *\S+")]
    private static partial Regex ForDuration();

    [GeneratedRegex(@"streamrefiner_[a-z_]+(\{[^}]*\})?")]
    private static partial Regex Selector();

    [Fact]
    public void Promtool_accepts_the_rules_and_their_unit_tests()
    {
        var directory = Path.Combine(ProcessRunner.RepositoryRoot(), "docker", "prometheus");

        var check = ProcessRunner.Run("promtool", directory, "check", "rules", "alerts.yml");
        var config = ProcessRunner.Run("promtool", directory, "check", "config", "prometheus.yml");
        var unit = ProcessRunner.Run("promtool", directory, "test", "rules", "alerts.test.yml");

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.True(config.ExitCode == 0, config.Output);
        Assert.True(unit.ExitCode == 0, unit.Output);
    }

    [Fact]
    public void The_dashboard_has_the_panels_on_call_needs_each_with_a_query()
    {
        var queries = DashboardQueries(ProcessRunner.RepositoryRoot());
        var titles = queries.Select(q => q.Panel).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(StringComparer.Ordinal)
        {
            "Throughput", "Consumer lag", "Processing latency", "Transitions flow", "Segment sizes", "Flaps absorbed",
            "Opt-out latency", "DLQ by reason", "Redis health",
        }, titles);
        Assert.All(queries, q => Assert.Contains("streamrefiner_", q.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_panels_return_data_and_alerts_fire_on_their_faults()
    {
        var root = ProcessRunner.RepositoryRoot();
        using var redis = new RedisServer();
        using var cluster = MockKafkaCluster.Start(brokers: 1);
        var id = Guid.NewGuid().ToString("N")[..10];
        var topics = new TopicOptions
        {
            Clicks = $"clicks-{id}", Replies = $"replies-{id}", Consent = $"consent-{id}",
            Deliveries = $"deliveries-{id}", Events = $"events-{id}", Transitions = $"transitions-{id}",
            DeadLetter = $"dlq-{id}",
        };
        foreach (var topic in topics.Inputs.Append(topics.Transitions).Append(topics.DeadLetter))
        {
            cluster.CreateTopic(topic, 2);
        }

        cluster.CreateTopic(topics.Events, 4);
        var port = PrometheusServer.FreePort();
        var worker = $"http://127.0.0.1:{port}";
        await using var app = RunCommand.Build(
        [
            $"--Urls={worker}", "--Logging:LogLevel:Default=Warning",
            $"--Kafka:BootstrapServers={cluster.BootstrapServers}",
            $"--Kafka:NormaliseGroupId=normalise-{id}", $"--Kafka:DecideGroupId=decide-{id}",
            "--Kafka:EventsPartitions=4", "--Kafka:TopicPartitions=2",
            $"--Kafka:Topics:Clicks={topics.Clicks}", $"--Kafka:Topics:Replies={topics.Replies}",
            $"--Kafka:Topics:Consent={topics.Consent}", $"--Kafka:Topics:Deliveries={topics.Deliveries}",
            $"--Kafka:Topics:Events={topics.Events}", $"--Kafka:Topics:Transitions={topics.Transitions}",
            $"--Kafka:Topics:DeadLetter={topics.DeadLetter}",
            $"--Redis:Configuration={redis.Endpoint}", $"--Redis:KeyPrefix=p{id}", "--Redis:ContactTtlDays=180",
            "--Inputs:DefaultRegion=US", "--Inputs:MaxRecordBytes=65536", "--Inputs:MaxFutureSkewSeconds=300",
            "--Pipeline:MaxBatchSize=100", "--Pipeline:MaxBatchWaitMilliseconds=50",
            "--Pipeline:WallClockIdleMilliseconds=1000", "--Pipeline:TimerBatchLimit=1000",
            "--Pipeline:RetryDelayMilliseconds=200", "--Pipeline:MaxRetryDelayMilliseconds=1000",
        ]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(worker), Timeout = TimeSpan.FromSeconds(10) };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
        }).SetLogHandler((_, _) => { }).Build();
        try
        {
            // Liveness answers at once; readiness once both stages joined their groups and Redis/Kafka answered.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            var readyzUri = new Uri("/readyz", UriKind.Relative);
            await WaitForAsync(async () => (await http.GetAsync(readyzUri)).IsSuccessStatusCode, "/readyz to answer 200");

            var alerts = ForDuration().Replace(
                await File.ReadAllTextAsync(Path.Combine(root, "docker", "prometheus", "alerts.yml")), "for: 1s");
            using var prometheus = new PrometheusServer(PrometheusConfig(port),
                new Dictionary<string, string> { ["alerts.yml"] = alerts });

            await WaitForAsync(async () => await ValueAsync(prometheus, "count_over_time(up[1m])") >= 3,
                "Prometheus to scrape the worker");
            using var stopTrickle = new CancellationTokenSource();
            var trickle = Task.Run(() => Trickle(producer, topics, stopTrickle.Token));
            var flapsBefore = PipelineMetrics.FlapsAbsorbed.WithLabels("subscribed").Value;
            var optOutsBefore = PipelineMetrics.OptOutLatency.Count;
            HealthyTraffic(producer, topics, DateTimeOffset.UtcNow);
            await WaitForAsync(() => Task.FromResult(
                    PipelineMetrics.FlapsAbsorbed.WithLabels("subscribed").Value > flapsBefore
                    && PipelineMetrics.OptOutLatency.Count > optOutsBefore),
                "the worker to absorb a flap and honour an opt-out");
            await WaitForAsync(async () => await ValueAsync(prometheus,
                    $"sum(streamrefiner_events_consumed_total{{topic=\"{topics.Clicks}\"}})") >= 200,
                "Prometheus to scrape the traffic");

            // Every panel query returns data (a NaN-only answer is no data).
            var queries = DashboardQueries(root);
            Assert.True(queries.Count >= 10, $"only {queries.Count} panel queries");
            var empty = queries.Select(q => q.Query).ToList();
            await WaitForAsync(async () =>
            {
                var still = new List<string>();
                foreach (var query in empty)
                {
                    if (!HasData(await prometheus.QueryAsync(query)))
                    {
                        still.Add(query);
                    }
                }

                empty = still;
                return empty.Count == 0;
            }, "every panel query to return data", () => "no data: " + string.Join(" | ", empty));

            // Quiet while all is well.
            Assert.Empty(await prometheus.FiringAlertsAsync());

            // A DLQ burst.
            for (var i = 0; i < 600; i++)
            {
                Produce(producer, topics.Clicks, "{\"specversion\":\"1.0\",\"type\":", DateTimeOffset.UtcNow);
            }

            producer.Flush(TimeSpan.FromSeconds(10));
            await WaitForFiringAsync(prometheus, "StreamRefinerDeadLetterRate");

            // An opt-out that reaches the worker 15 minutes after it happened.
            Produce(producer, topics.Replies, Payloads.TwilioInbound("+12025550777", "STOP", "SMlate"),
                DateTimeOffset.UtcNow.AddMinutes(-15));
            producer.Flush(TimeSpan.FromSeconds(10));
            await WaitForFiringAsync(prometheus, "StreamRefinerOptOutLatencyHigh");

            // A rules file rejected (the reload itself comes with the rules file; it records through this).
            RulesTelemetry.Rejected("rules.yaml", "simulated: line 3, column 5: expected a segment name",
                NullLogger.Instance);
            await WaitForFiringAsync(prometheus, "StreamRefinerRulesReloadFailing");

            // Redis stopped while traffic keeps coming: not ready, and the decide stage falls behind.
            redis.Stop();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 1500; i++)
            {
                Produce(producer, topics.Clicks, Payloads.Canonical("click", $"+1202555{5000 + i % 50:D4}",
                    now.AddSeconds(-i)), now);
            }

            producer.Flush(TimeSpan.FromSeconds(10));
            await WaitForFiringAsync(prometheus, "StreamRefinerNotReady");
            var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
            Assert.Contains("redis", await readyz.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await WaitForFiringAsync(prometheus, "StreamRefinerConsumerLagGrowing");

            // Every series each alert reads exists.
            var rules = await prometheus.AlertRulesAsync();
            Assert.Equal(6, rules.Count);
            foreach (var (name, expression) in rules)
            {
                foreach (var selector in Selector().Matches(expression).Select(m => m.Value).Distinct())
                {
                    var found = await prometheus.QueryAsync($"count({selector})");
                    Assert.True(found.GetArrayLength() > 0, $"{name} reads {selector}, which has no series");
                }
            }

            await stopTrickle.CancelAsync();
            await trickle;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>Live traffic while the test runs: clicks of 20 returning contacts, now and then an opt-out.</summary>
    private static async Task Trickle(IProducer<byte[]?, byte[]> producer, TopicOptions topics, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var now = DateTimeOffset.UtcNow;
            Produce(producer, topics.Clicks, Payloads.Canonical("click", $"+1202555{3000 + i % 20:D4}", now), now);
            if (i % 5 == 0)
            {
                Produce(producer, topics.Consent, Payloads.Canonical("opt_out", $"+1202555{4000 + i:D4}", now), now);
            }

            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Many contacts, a few bad records, an opt-out and a contact whose pending change is absorbed.</summary>
    private static void HealthyTraffic(IProducer<byte[]?, byte[]> producer, TopicOptions topics, DateTimeOffset now)
    {
        // Blipper: engaged 45 days ago, quiet until the 30-day window empties (a move to subscribed becomes
        // pending), then a click 6 hours later cancels it. One partition, one flush: read in order, at once.
        const string blipper = "+12025550702";
        var clicked = now.AddDays(-45);
        var windowEmpty = new DateTimeOffset(clicked.UtcDateTime.Date, TimeSpan.Zero).AddDays(30);
        foreach (var (type, at) in new[]
                 {
                     ("opt_in", now.AddDays(-50)), ("click", clicked), ("click", clicked.AddHours(1)),
                     ("click", windowEmpty.AddHours(6)),
                 })
        {
            Produce(producer, topics.Clicks, Payloads.Canonical(type, blipper, at), now, partition: 0);
        }

        for (var i = 0; i < 200; i++)
        {
            Produce(producer, topics.Clicks, Payloads.Canonical("click", $"+1202555{2000 + i:D4}", now.AddSeconds(-i)),
                now);
        }

        for (var i = 0; i < 3; i++)
        {
            Produce(producer, topics.Deliveries, "not a provider payload", now);
        }

        Produce(producer, topics.Replies, Payloads.TwilioInbound("+12025552001", "STOP", "SMstop"), now);
        producer.Flush(TimeSpan.FromSeconds(10));
    }

    private static void Produce(IProducer<byte[]?, byte[]> producer, string topic, string payload, DateTimeOffset at,
        int? partition = null)
    {
        var message = new Message<byte[]?, byte[]>
        {
            Value = Encoding.UTF8.GetBytes(payload),
            Timestamp = new Timestamp(at),
        };
        if (partition is { } p)
        {
            producer.Produce(new TopicPartition(topic, p), message);
        }
        else
        {
            producer.Produce(topic, message);
        }
    }

    private static string PrometheusConfig(int workerPort) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - alerts.yml
        scrape_configs:
          - job_name: streamrefiner
            static_configs:
              - targets: ["127.0.0.1:{workerPort}"]
        """;

    /// <summary>Every target of every panel, with Grafana's range variables set to what fits a short test.</summary>
    private static List<(string Panel, string Query)> DashboardQueries(string root)
    {
        using var dashboard = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(root, "docker", "grafana", "dashboards", "streamrefiner.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()
                .Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!
                    .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                    .Replace("$__range", "5m", StringComparison.Ordinal))))];
    }

    private static bool HasData(JsonElement result) => result.EnumerateArray()
        .Any(series => series.GetProperty("value")[1].GetString() is { } v && v != "NaN");

    private static async Task<double> ValueAsync(PrometheusServer prometheus, string query)
    {
        var result = await prometheus.QueryAsync(query);
        return result.GetArrayLength() == 0
            ? 0
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static Task WaitForFiringAsync(PrometheusServer prometheus, string alert) =>
        WaitForAsync(async () => (await prometheus.FiringAlertsAsync()).Contains(alert), $"alert {alert} to fire");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, Func<string>? detail = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}. {detail?.Invoke()}");
            }

            await Task.Delay(250);
        }
    }
}
