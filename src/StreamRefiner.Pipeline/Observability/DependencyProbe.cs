using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.State;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// Probes Redis (PING) and the Kafka cluster (a metadata request) every <c>interval</c> and reports the answers
/// to <see cref="PipelineHealth"/>, so <c>/readyz</c> and <c>streamrefiner_dependency_up</c> say when a
/// dependency is unreachable even while no traffic flows.
/// </summary>
public sealed class DependencyProbe : IDisposable
{
    private readonly RedisContactStore _store;
    private readonly PipelineHealth _health;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;
    private readonly IAdminClient _admin;

    public DependencyProbe(KafkaOptions kafka, RedisContactStore store, PipelineHealth health, TimeProvider clock,
        ILogger<DependencyProbe> logger, TimeSpan timeout)
    {
        _store = store;
        _health = health;
        _clock = clock;
        _timeout = timeout;
        _admin = new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            ClientId = "streamrefiner-probe",
        }).SetLogHandler((_, message) => PipelineLog.KafkaClient(logger, message)).Build();
    }

    /// <summary>Probes until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await ProbeOnceAsync(stopping).ConfigureAwait(false);
            try
            {
                await Task.Delay(interval, _clock, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        await Task.Run(ProbeRedis, cancellationToken).ConfigureAwait(false);
        await Task.Run(ProbeKafka, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _admin.Dispose();

    private void ProbeRedis()
    {
        try
        {
            RedisCalls.Run(_clock, "ping", () => _store.PingAsync().WaitAsync(_timeout, _clock));
            _health.ReportDependency("redis", up: true, null);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            _health.ReportDependency("redis", up: false, e.GetType().Name);
        }
    }

    private void ProbeKafka()
    {
        try
        {
            var metadata = _admin.GetMetadata(_timeout);
            var up = metadata.Brokers.Count > 0;
            _health.ReportDependency("kafka", up, up ? null : "no broker in metadata");
        }
        catch (KafkaException e)
        {
            _health.ReportDependency("kafka", up: false, e.Error.Code.ToString());
        }
    }
}
