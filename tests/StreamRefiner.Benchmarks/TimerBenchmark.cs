using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Pipeline.Normalise;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Pipeline.Transitions;
using StreamRefiner.Rules;
using StreamRefiner.State;
using StreamRefiner.Testing;

namespace StreamRefiner.Benchmarks;

/// <summary>
/// Timer lateness and throughput under load, through the real worker stages against the mock Kafka cluster and
/// a private Redis. Every "probe" contact clicks once, which makes a move pending for 10 seconds of
/// confirm_for; no further event arrives for it, so only its timer can produce the transition. Meanwhile
/// background contacts stream deliveries at a fixed rate. Lateness is the wall-clock time at which the
/// transition was produced minus its due time (decided_at).
/// </summary>
internal static class TimerBenchmark
{
    private const string Rules = """
        version: bench
        segments:
          - name: hot
            purpose: retention
            priority: 10
            enter: clicks.1d >= 1
            confirm_for: 10s
          - name: rest
            purpose: retention
            priority: 0
            fallback: true
        """;

    public static void Run(int seconds, int probesPerSecond, int backgroundPerSecond)
    {
        using var redis = new RedisServer();
        using var cluster = MockKafkaCluster.Start(brokers: 1);
        var kafka = new KafkaOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            EventsPartitions = 16,
            TopicPartitions = 16,
        };
        foreach (var topic in kafka.Topics.Inputs.Append(kafka.Topics.Transitions).Append(kafka.Topics.DeadLetter))
        {
            cluster.CreateTopic(topic, kafka.TopicPartitions);
        }

        cluster.CreateTopic(kafka.Topics.Events, kafka.EventsPartitions);
        var options = new PipelineOptions();
        var health = new PipelineHealth();
        var store = new RedisContactStore(redis.Connection, new ContactStoreOptions { KeyPrefix = "tb" });
        var normalise = new NormaliseStage(kafka, options, new RecordParser(new RecordParserOptions(), TimeProvider.System),
            health, TimeProvider.System, NullLogger<NormaliseStage>.Instance);
        var decide = new DecideStage(kafka, options, store,
            new DeciderHolder(new Decider(RulesLoader.Load(Rules, "bench.yaml").Rules!)), health, TimeProvider.System,
            NullLogger<DecideStage>.Instance);

        using var stop = new CancellationTokenSource();
        var threads = new[] { new Thread(() => normalise.Run(stop.Token)), new Thread(() => decide.Run(stop.Token)) };
        foreach (var thread in threads)
        {
            thread.Start();
        }

        var latenesses = new List<double>();
        var reader = new Thread(() => ReadTransitions(kafka, latenesses, stop.Token));
        reader.Start();

        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            LingerMs = 5,
        }).SetLogHandler((_, _) => { }).Build();

        var watch = Stopwatch.StartNew();
        var probes = 0;
        var background = 0;
        for (var second = 0; second < seconds; second++)
        {
            var tickStart = watch.Elapsed;
            for (var i = 0; i < probesPerSecond; i++)
            {
                // A delivery first (the contact starts in "rest"), then the click that makes "hot" pending.
                var contact = $"+131255{probes++:D5}";
                Produce(producer, kafka.Topics.Clicks, contact, "delivered");
                Produce(producer, kafka.Topics.Clicks, contact, "click");
            }

            for (var i = 0; i < backgroundPerSecond; i++)
            {
                Produce(producer, kafka.Topics.Deliveries, $"+1415555{background++ % 9000 + 1000:D4}", "delivered");
            }

            var rest = TimeSpan.FromSeconds(second + 1) - watch.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                Thread.Sleep(rest);
            }

            _ = tickStart;
        }

        producer.Flush(TimeSpan.FromSeconds(30));

        // Let the last probes' timers come due and fire.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && Count(latenesses) < probes)
        {
            Thread.Sleep(200);
        }

        stop.Cancel();
        foreach (var thread in threads.Append(reader))
        {
            thread.Join();
        }

        List<double> sorted;
        lock (latenesses)
        {
            sorted = [.. latenesses.Order()];
        }

        var events = 2 * probes + background;
        Report.Table($"Timer lateness under load ({seconds} s: {probesPerSecond} timer contacts/s and " +
            $"{backgroundPerSecond} background events/s through both stages)",
        [
            ("timers due", $"{probes:N0}"),
            ("timers fired into a transition", $"{sorted.Count:N0}"),
            ("lateness p50", Ms(Percentile(sorted, 0.50))),
            ("lateness p95", Ms(Percentile(sorted, 0.95))),
            ("lateness p99", Ms(Percentile(sorted, 0.99))),
            ("lateness max", Ms(sorted.Count == 0 ? double.NaN : sorted[^1])),
            ("input events", $"{events:N0} ({events / (double)seconds:N0}/s offered)"),
        ]);
    }

    private static void Produce(IProducer<byte[]?, byte[]> producer, string topic, string contact, string type)
    {
        var now = DateTimeOffset.UtcNow;
        var json = $$"""{"type":"{{type}}","contact":"{{contact}}","occurred_at":"{{now:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","dedupe_key":"{{Guid.NewGuid():N}}"}""";
        producer.Produce(topic, new Message<byte[]?, byte[]>
        {
            Key = Encoding.UTF8.GetBytes(contact),
            Value = Encoding.UTF8.GetBytes(json),
        });
    }

    private static void ReadTransitions(KafkaOptions kafka, List<double> latenesses, CancellationToken stop)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "timer-bench-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(kafka.Topics.Transitions);
        while (!stop.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message?.Value is not { } json)
            {
                continue;
            }

            var t = TransitionJson.ReadSummary(json);
            if (t.ReasonKind != "rule" || t.To != "hot")
            {
                continue;
            }

            var produced = result.Message.Timestamp.UtcDateTime;
            lock (latenesses)
            {
                latenesses.Add((produced - t.DecidedAt.UtcDateTime).TotalMilliseconds);
            }
        }

        consumer.Close();
    }

    private static int Count(List<double> values)
    {
        lock (values)
        {
            return values.Count;
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : $"{value:N0} ms";
}
