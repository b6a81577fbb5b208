using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Pipeline.Ledger;
using StreamRefiner.Pipeline.Normalise;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Pipeline.Transitions;
using StreamRefiner.Rules;
using StreamRefiner.State;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>
/// The whole worker in-process against real servers: librdkafka's mock cluster (real Kafka protocol on
/// 127.0.0.1) with topics unique to the test, and a real Redis with a key prefix unique to the test.
/// Wall-clock time is a <see cref="FakeTimeProvider"/> the test moves.
/// </summary>
internal sealed class PipelineHarness : IDisposable
{
    private readonly MockKafkaCluster _cluster;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly IConsumer<string, string> _transitions;

    /// <param name="partitions">Partitions of every topic the test creates.</param>
    public PipelineHarness(RedisServer redis, DateTimeOffset now, ILoggerFactory? logs = null, string? keyPrefix = null,
        int partitions = 2)
    {
        Logs = logs ?? NullLoggerFactory.Instance;
        Health = new PipelineHealth(Logs.CreateLogger<PipelineHealth>());
        Clock = new FakeTimeProvider(now);
        _cluster = MockKafkaCluster.Start(brokers: 3);
        var id = Guid.NewGuid().ToString("N")[..10];
        Kafka = new KafkaOptions
        {
            BootstrapServers = _cluster.BootstrapServers,
            NormaliseGroupId = $"normalise-{id}",
            DecideGroupId = $"decide-{id}",
            EventsPartitions = partitions,
            TopicPartitions = partitions,
            Topics = new TopicOptions
            {
                Clicks = $"clicks-{id}",
                Replies = $"replies-{id}",
                Consent = $"consent-{id}",
                Deliveries = $"deliveries-{id}",
                Events = $"events-{id}",
                Transitions = $"transitions-{id}",
                DeadLetter = $"dlq-{id}",
            },
        };
        foreach (var topic in Kafka.Topics.Inputs.Append(Kafka.Topics.Transitions).Append(Kafka.Topics.DeadLetter))
        {
            _cluster.CreateTopic(topic, Kafka.TopicPartitions);
        }

        _cluster.CreateTopic(Kafka.Topics.Events, Kafka.EventsPartitions);
        Store = new RedisContactStore(redis.Connection, new ContactStoreOptions { KeyPrefix = keyPrefix ?? $"t{id}" });
        _producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig { BootstrapServers = Kafka.BootstrapServers })
            .SetLogHandler((_, _) => { })
            .Build();
        _transitions = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = $"reader-{id}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        _transitions.Subscribe(Kafka.Topics.Transitions);
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The test's own mock cluster, for fault injection.</summary>
    public MockKafkaCluster Cluster => _cluster;

    public KafkaOptions Kafka { get; }

    public RedisContactStore Store { get; }

    public PipelineHealth Health { get; }

    public ILoggerFactory Logs { get; }

    /// <summary>True while the thread of every started stage is alive.</summary>
    public bool StagesAlive => _threads.Count > 0 && _threads.All(t => t.IsAlive);

    /// <summary>The ledger the decide stage writes to; none unless set before <see cref="Start"/>.</summary>
    public ILedgerWriter? Ledger { get; set; }

    public PipelineOptions Options { get; } = new()
    {
        MaxBatchWaitMilliseconds = 50,
        WallClockIdleMilliseconds = 1,
        RetryDelayMilliseconds = 100,
        MaxRetryDelayMilliseconds = 500,
    };

    /// <summary>Starts both stages, each on its own thread, as the worker does.</summary>
    public void Start(RecordParserOptions? inputs = null)
    {
        StartNormalise(inputs);
        var decide = NewDecideStage(Logs);
        var thread = new Thread(() => decide.Run(_stop.Token)) { IsBackground = true };
        thread.Start();
        _threads.Add(thread);
    }

    /// <summary>Starts only the normalise stage (decide instances come from <see cref="StartDecideInstance"/>).</summary>
    public void StartNormalise(RecordParserOptions? inputs = null)
    {
        var parser = new RecordParser(inputs ?? new RecordParserOptions(), Clock);
        var normalise = new NormaliseStage(Kafka, Options, parser, Health, Clock, Logs.CreateLogger<NormaliseStage>());
        var thread = new Thread(() => normalise.Run(_stop.Token)) { IsBackground = true };
        thread.Start();
        _threads.Add(thread);
    }

    /// <summary>
    /// Starts one more decide stage in the same consumer group, as a second worker instance would; disposing the
    /// handle stops it gracefully (its partitions move to the instances left).
    /// </summary>
    /// <param name="afterCommit">Called after each batch's transaction committed, before the outboxes are
    /// acknowledged; an exception thrown there ends the instance as a crash at that point would.</param>
    public StageHandle StartDecideInstance(ILoggerFactory logs,
        Action<IReadOnlyList<Transition>>? afterCommit = null)
    {
        var decide = NewDecideStage(logs, afterCommit);
        return new StageHandle(decide.Run);
    }

    private DecideStage NewDecideStage(ILoggerFactory logs, Action<IReadOnlyList<Transition>>? afterCommit = null)
    {
        var rules = RulesLoader.Default();
        RulesTelemetry.Loaded(rules, "built-in defaults", Health, logs.CreateLogger<Decider>());
        return new DecideStage(Kafka, Options, Store, new DeciderHolder(new Decider(rules)), Health, Clock,
            logs.CreateLogger<DecideStage>(), Ledger)
        {
            AfterCommit = afterCommit,
        };
    }

    /// <summary>Produces one input record and waits until the normalise stage has written its output.</summary>
    public void ProduceAndWait(string topic, string payload, DateTimeOffset timestamp, int? partition = null,
        string? format = null)
    {
        var before = OutputCount();
        Produce(topic, payload, timestamp, partition, format);
        WaitFor(() => OutputCount() > before, "the normalise stage to handle a record");
    }

    /// <param name="format">When set, the record's <c>sr-format</c> header.</param>
    public void Produce(string topic, string payload, DateTimeOffset timestamp, int? partition = null,
        string? format = null)
    {
        var message = new Message<byte[]?, byte[]>
        {
            Value = Encoding.UTF8.GetBytes(payload),
            Timestamp = new Timestamp(timestamp),
            Headers = format is null ? null : new Headers { { "sr-format", Encoding.UTF8.GetBytes(format) } },
        };
        if (partition is { } p)
        {
            _producer.Produce(new TopicPartition(topic, p), message);
        }
        else
        {
            _producer.Produce(topic, message);
        }

        _producer.Flush(TimeSpan.FromSeconds(10));
    }

    /// <summary>Writes a record straight into a partition of the internal topic, as a hand or a foreign tool might.
    /// </summary>
    public void ProduceInternal(int partition, string? key, string value, Headers? headers = null)
    {
        _producer.Produce(new TopicPartition(Kafka.Topics.Events, partition), new Message<byte[]?, byte[]>
        {
            Key = key is null ? null : Encoding.UTF8.GetBytes(key),
            Value = Encoding.UTF8.GetBytes(value),
            Headers = headers,
        });
        _producer.Flush(TimeSpan.FromSeconds(10));
    }

    /// <summary>Reads transitions until <paramref name="count"/> arrived, then a little longer to catch extras.</summary>
    public List<TransitionSummary> ReadTransitions(int count, TimeSpan timeout, bool moveClock = true)
    {
        var read = new List<TransitionSummary>();
        var deadline = DateTime.UtcNow + timeout;
        DateTime? settleUntil = null;
        while (DateTime.UtcNow < (settleUntil ?? deadline))
        {
            if (moveClock)
            {
                // Wall time moves on a little, so partitions that are fully read fire their due timers.
                Clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            var result = _transitions.Consume(TimeSpan.FromMilliseconds(50));
            if (result?.Message?.Value is { } json)
            {
                read.Add(TransitionJson.ReadSummary(json));
            }

            if (read.Count >= count && settleUntil is null)
            {
                settleUntil = DateTime.UtcNow.AddSeconds(2);
            }
        }

        return read;
    }

    /// <summary>Every record on the dead-letter topic so far.</summary>
    public List<(string? Reason, string Json)> ReadDeadLetters(int count, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = $"dlq-reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(Kafka.Topics.DeadLetter);
        var read = new List<(string?, string)>();
        var deadline = DateTime.UtcNow + timeout;
        while (read.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is { } message)
            {
                var reason = message.Headers.TryGetLastBytes("sr-reason", out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
                read.Add((reason, message.Value));
            }
        }

        consumer.Close();
        return read;
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(30));
        }

        _transitions.Close();
        _transitions.Dispose();
        _producer.Dispose();
        _stop.Dispose();
        _cluster.Dispose();
    }

    /// <summary>The offset the next record written to <paramref name="partition"/> of <paramref name="topic"/> gets.</summary>
    public long NextOffset(string topic, int partition) =>
        _transitions.QueryWatermarkOffsets(new TopicPartition(topic, partition), TimeSpan.FromSeconds(5)).High.Value;

    // Input records of this harness's topics the normalise stage has handled (output flushed, offsets committed),
    // whatever their outcome; the metric's series are labelled by topic, unique to the harness.
    private long OutputCount()
    {
        var inputs = Kafka.Topics.Inputs.ToHashSet(StringComparer.Ordinal);
        return (long)PipelineMetrics.EventsConsumed.GetAllLabelValues()
            .Where(labels => inputs.Contains(labels[0]))
            .Sum(labels => PipelineMetrics.EventsConsumed.WithLabels(labels).Value);
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            Thread.Sleep(20);
        }
    }
}
