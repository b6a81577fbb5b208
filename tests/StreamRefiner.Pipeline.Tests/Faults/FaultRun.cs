using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamRefiner.Pipeline.Transitions;
using StreamRefiner.State;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>
/// One run of a <see cref="FaultStream"/> through real processes: a <c>streamrefiner dev-broker</c>, the Redis
/// given, and <c>streamrefiner run</c> workers the test starts, kills and restarts. The stream is produced
/// concurrently at a steady rate while the workers run (the mock broker keeps little history per partition).
/// </summary>
internal sealed class FaultRun : IDisposable
{
    public const string Topic = "sms.deliveries";
    public const string Events = "streamrefiner.events-by-contact";
    public const string Transitions = "streamrefiner.transitions";
    public const string DeadLetter = "streamrefiner.dead-letter";

    private readonly string _directory;
    private readonly int _partitions;
    private readonly ChildProcess _broker;
    private readonly List<ChildProcess> _workers = [];
    private readonly Dictionary<string, int> _ports = [];

    /// <param name="appendOnly">Redis with persistence on (AOF, fsync on every write).</param>
    public FaultRun(int partitions, bool appendOnly = false)
    {
        Redis = appendOnly ? RedisServer.Persistent() : new RedisServer();
        _partitions = partitions;
        _directory = Path.Combine(Path.GetTempPath(), $"streamrefiner-faults-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(_directory);
        var bootstrapFile = Path.Combine(_directory, "bootstrap");
        _broker = ChildProcess.Start(Path.Combine(_directory, "broker.log"), Settings("broker", "127.0.0.1:1"),
            "dev-broker", "--brokers", "1", "--bootstrap-file", bootstrapFile);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(bootstrapFile))
        {
            if (DateTime.UtcNow > deadline || _broker.HasExited)
            {
                throw new InvalidOperationException($"dev-broker did not start; see {_directory}/broker.log");
            }

            Thread.Sleep(50);
        }

        BootstrapServers = File.ReadAllText(bootstrapFile).Trim();
    }

    public string BootstrapServers { get; }

    /// <summary>The run's own redis-server (the test may stop and start it).</summary>
    public RedisServer Redis { get; }

    /// <summary>Where the processes' logs are (kept when STREAMREFINER_KEEP_FAULT_LOGS is set).</summary>
    public string Directory => _directory;

    /// <summary>
    /// Starts (or restarts) the worker called <paramref name="name"/>; its transactional.id is stable.
    /// </summary>
    public ChildProcess StartWorker(string name = "a")
    {
        var worker = ChildProcess.Start(Path.Combine(_directory, $"worker-{name}.log"),
            Settings(name, BootstrapServers), "run");
        _workers.Add(worker);
        return worker;
    }

    /// <summary>The worker's <c>/readyz</c> status code, or 0 when it does not answer.</summary>
    public int Readiness(string name = "a")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (int)http.GetAsync(new Uri($"http://127.0.0.1:{Port(name)}/readyz")).GetAwaiter().GetResult()
                .StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Produces the stream in order at about <paramref name="perSecond"/> records a second.</summary>
    public Task ProduceAsync(FaultStream stream, int perSecond) => Task.Run(() =>
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            Partitioner = Partitioner.Murmur2Random,
            LingerMs = 5,
        }).SetLogHandler((_, _) => { }).Build();
        var started = DateTime.UtcNow;
        for (var i = 0; i < stream.Records.Count; i++)
        {
            var record = stream.Records[i];
            producer.Produce(Topic, new Message<byte[]?, byte[]>
            {
                Key = Encoding.UTF8.GetBytes(record.Contact),
                Value = Encoding.UTF8.GetBytes(record.Payload),
                Timestamp = new Timestamp(record.At),
            });
            if (i % 100 == 99)
            {
                var due = started.AddSeconds((i + 1) / (double)perSecond);
                if (due > DateTime.UtcNow)
                {
                    Thread.Sleep(due - DateTime.UtcNow);
                }
            }
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    });

    /// <summary>
    /// Waits until both stages have committed everything: the normalise group up to the input's end and the
    /// decide group up to the internal topic's end.
    /// </summary>
    public void WaitUntilCaughtUp(int inputRecords, TimeSpan timeout)
    {
        using var reader = Consumer("progress");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var input = Committed("streamrefiner-normalise", Topic);
            var events = Committed("streamrefiner-decide", Events);
            var end = HighWatermarks(reader, Events);
            if (input >= inputRecords && events >= end)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"not caught up: input {input}/{inputRecords}, events {events}/{end}; logs in {_directory}");
            }

            Thread.Sleep(250);
        }
    }

    /// <summary>Every transition a read-committed consumer sees, in topic order.</summary>
    public List<TransitionSummary> CommittedTransitions()
    {
        var read = new List<TransitionSummary>();
        foreach (var message in ReadAll(Transitions))
        {
            read.Add(TransitionJson.ReadSummary(message));
        }

        return read;
    }

    /// <summary>The input records the dead-letter topic names (topic/partition/offset), once each.</summary>
    public HashSet<string> DeadLetteredSources() =>
        [.. ReadAll(DeadLetter).Select(json =>
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return string.Create(CultureInfo.InvariantCulture,
                $"{root.GetProperty("source_topic").GetString()}/{root.GetProperty("source_partition").GetInt32()}" +
                $"/{root.GetProperty("source_offset").GetInt64()}");
        })];

    /// <summary>Each contact's decoded state as one comparable line (segment, sequence, windows …).</summary>
    public async Task<Dictionary<string, string>> StateDigest(IEnumerable<string> contacts)
    {
        var store = new RedisContactStore(Redis.Connection, new ContactStoreOptions { KeyPrefix = "sr" });
        var digest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var contact in await store.LoadAsync([.. contacts]))
        {
            if (contact.Version == 0)
            {
                continue;
            }

            var s = contact.State;
            var now = s.EvaluatedAt ?? DateTimeOffset.UnixEpoch;
            var windows = string.Join(",", s.Windows.Select(w =>
                w.Count(TimeSpan.FromDays(30), now).ToString(CultureInfo.InvariantCulture) + "/" +
                w.Count(TimeSpan.FromDays(90), now).ToString(CultureInfo.InvariantCulture)));
            digest[contact.Contact] = string.Create(CultureInfo.InvariantCulture,
                $"{s.Segment}@{s.SegmentSince:O} pending={s.Pending} seq={s.Sequence} at={s.EvaluatedAt:O} " +
                $"due={s.Due:O} optout={s.OptedOut} windows={windows}");
        }

        return digest;
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        _broker.Dispose();
        Redis.Dispose();
        if (Environment.GetEnvironmentVariable("STREAMREFINER_KEEP_FAULT_LOGS") is null)
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    private Dictionary<string, string> Settings(string name, string bootstrapServers) => new()
    {
        ["Kafka__BootstrapServers"] = bootstrapServers,
        ["Kafka__EventsPartitions"] = _partitions.ToString(CultureInfo.InvariantCulture),
        ["Kafka__TopicPartitions"] = _partitions.ToString(CultureInfo.InvariantCulture),
        ["Kafka__SessionTimeoutMilliseconds"] = "3000",
        ["Kafka__TransactionalId"] = $"faults-{name}",
        ["Redis__Configuration"] = Redis.Endpoint,
        ["Redis__KeyPrefix"] = "sr",
        ["Ledger__Provider"] = "sqlite",
        ["Ledger__ConnectionString"] = $"Data Source={Path.Combine(_directory, "ledger.db")}",
        ["Pipeline__WallClockIdleMilliseconds"] = "2000000000",
        ["Pipeline__MaxBatchWaitMilliseconds"] = "50",
        ["Pipeline__RetryDelayMilliseconds"] = "200",
        ["Pipeline__MaxRetryDelayMilliseconds"] = "1000",
        ["Urls"] = $"http://127.0.0.1:{Port(name)}",
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
    };

    private int Port(string name)
    {
        if (!_ports.TryGetValue(name, out var port))
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ports[name] = port;
        }

        return port;
    }

    private List<string> ReadAll(string topic)
    {
        using var consumer = Consumer($"reader-{Guid.NewGuid():N}");
        consumer.Assign(Enumerable.Range(0, _partitions)
            .Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var atEnd = new HashSet<int>();
        var read = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (atEnd.Count < _partitions && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                atEnd.Add(result.Partition.Value);
            }
            else
            {
                read.Add(result.Message.Value);
            }
        }

        consumer.Close();
        return read;
    }

    private IConsumer<Ignore, string> Consumer(string group) => new ConsumerBuilder<Ignore, string>(new ConsumerConfig
    {
        BootstrapServers = BootstrapServers,
        GroupId = group,
        EnableAutoCommit = false,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnablePartitionEof = true,
    }).SetLogHandler((_, _) => { }).Build();

    private long Committed(string group, string topic)
    {
        using var consumer = Consumer(group);
        return consumer.Committed(Enumerable.Range(0, _partitions).Select(p => new TopicPartition(topic, p)),
            TimeSpan.FromSeconds(10)).Sum(c => Math.Max(0, c.Offset.Value));
    }

    private long HighWatermarks(IConsumer<Ignore, string> reader, string topic) => Enumerable.Range(0, _partitions)
        .Sum(p => reader.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(5)).High.Value);
}
