using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using StreamRefiner.Host.Sample;
using StreamRefiner.Pipeline.Kafka;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// <c>streamrefiner sample</c>: streams made-up provider traffic into the input topics: a simulated history
/// (default 90 days for 2,000 contacts) as fast as the broker takes it, then live traffic at a few records a
/// second until stopped or <c>--live-seconds</c> pass.
/// </summary>
public static class SampleCommand
{
    public static int Run(string[] args)
    {
        var cli = new CliArgs(args, "contacts", "days", "live-seconds", "live-rate", "seed");
        var kafka = CliConfiguration.Kafka(CliConfiguration.Load(args));
        var generator = new TrafficGenerator(cli.Int("contacts", 2000), cli.Int("seed", 42));
        var days = cli.Int("days", 90);
        var liveSeconds = cli.Int("live-seconds", 0);
        var liveRate = cli.Int("live-rate", 5);

        using var stop = new StopSignal();

        var config = KafkaConfigs.Producer(kafka, "streamrefiner-sample");
        config.LingerMs = 20;

        // Fail records within the flush windows below, so an unreachable broker is reported, not hidden.
        config.MessageTimeoutMs = 15_000;
        using var producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, _) => { })
            .Build();

        var watch = Stopwatch.StartNew();
        var history = generator.History(DateTimeOffset.UtcNow, days);
        foreach (var record in history)
        {
            if (stop.IsRequested)
            {
                break;
            }

            Produce(producer, kafka.Topics, record);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        Console.WriteLine($"sample: produced {history.Count:N0} history records for " +
            $"{generator.Contacts.Count:N0} contacts " +
            $"over {days} days in {watch.Elapsed.TotalSeconds:F1} s");

        var live = 0;
        var liveWatch = Stopwatch.StartNew();
        while (!stop.IsRequested && (liveSeconds == 0 || liveWatch.Elapsed.TotalSeconds < liveSeconds))
        {
            foreach (var record in generator.Live(DateTimeOffset.UtcNow, liveRate))
            {
                Produce(producer, kafka.Topics, record);
                live++;
            }

            stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }

        producer.Flush(TimeSpan.FromSeconds(10));
        Console.WriteLine($"sample: produced {live:N0} live records; stopped");
        if (_failed > 0)
        {
            Console.Error.WriteLine($"sample: {_failed:N0} records were not delivered (first error: {_firstError})");
            return 1;
        }

        return 0;
    }

    private static int _failed;
    private static string? _firstError;

    private static void Produce(IProducer<byte[]?, byte[]> producer, TopicOptions topics, SampleRecord record)
    {
        var topic = record.Topic switch
        {
            SampleTopic.Clicks => topics.Clicks,
            SampleTopic.Replies => topics.Replies,
            SampleTopic.Consent => topics.Consent,
            _ => topics.Deliveries,
        };
        var message = new Message<byte[]?, byte[]>
        {
            Value = Encoding.UTF8.GetBytes(record.Payload),
            Timestamp = new Timestamp(record.Timestamp),
        };
        while (true)
        {
            try
            {
                producer.Produce(topic, message, report =>
                {
                    if (report.Error.IsError && Interlocked.Increment(ref _failed) == 1)
                    {
                        _firstError = report.Error.Reason;
                    }
                });
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}
