using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamRefiner.Pipeline.Observability;

namespace StreamRefiner.Pipeline.Kafka;

/// <summary>
/// Produces a batch's records and waits until every one is acknowledged, so the caller commits input offsets
/// only after its output is safely in Kafka. One instance per stage (one producer per stage thread).
/// </summary>
internal sealed class BatchProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private Error? _firstError;
    private int _failed;

    public BatchProducer(ProducerConfig config, ILogger logger)
    {
        _producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => PipelineLog.KafkaClient(logger, message))
            .Build();
    }

    public void Send(string topic, Message<byte[]?, byte[]> message, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, OnDelivered);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is full: let deliveries drain, then try again.
                cancellationToken.ThrowIfCancellationRequested();
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    /// <summary>Waits for every record sent since the last call; throws when any failed.</summary>
    public void Complete(CancellationToken cancellationToken)
    {
        _producer.Flush(cancellationToken);
        if (Interlocked.Exchange(ref _failed, 0) != 0)
        {
            var error = _firstError ?? new Error(ErrorCode.Unknown);
            _firstError = null;
            throw new KafkaException(error);
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }

    private void OnDelivered(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            _firstError ??= report.Error;
            Interlocked.Exchange(ref _failed, 1);
        }
    }
}
