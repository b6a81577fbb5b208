using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamRefiner.Pipeline.Observability;

namespace StreamRefiner.Pipeline.Kafka;

/// <summary>
/// Produces a batch's records and waits until every one is acknowledged, so the caller commits input offsets
/// only after its output is safely in Kafka. One instance per stage (one producer per stage thread).
/// </summary>
/// <remarks>
/// With a <c>transactional.id</c> in the configuration the producer is transactional: <c>Send</c> opens a
/// transaction when none is open, and <see cref="CommitTransaction"/> commits the records together with the
/// consumer's input offsets (KIP-447: the consumer group metadata fences a stale owner).
/// </remarks>
internal sealed class BatchProducer : IDisposable
{
    private static readonly TimeSpan TransactionCallTimeout = TimeSpan.FromSeconds(30);

    private readonly IProducer<byte[]?, byte[]> _producer;
    private Error? _firstError;
    private int _failed;

    public BatchProducer(ProducerConfig config, ILogger logger)
    {
        _producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetLogHandler((_, message) => PipelineLog.KafkaClient(logger, message))
            .Build();
        IsTransactional = !string.IsNullOrEmpty(config.TransactionalId);
        if (IsTransactional)
        {
            // Fences the previous incarnation with the same transactional.id and aborts its open transaction.
            // The caller retries while the broker is down: a client that failed to initialise must not linger.
            try
            {
                _producer.InitTransactions(TransactionCallTimeout);
            }
            catch
            {
                _producer.Dispose();
                throw;
            }
        }
    }

    public bool IsTransactional { get; }

    /// <summary>True between the first <c>Send</c> of a transaction and its commit or abort.</summary>
    public bool InTransaction { get; private set; }

    public void Send(string topic, Message<byte[]?, byte[]> message, CancellationToken cancellationToken) =>
        Send(new TopicPartition(topic, Partition.Any), message, cancellationToken);

    /// <summary>Sends to the given partition (<see cref="Partition.Any"/>: the one the key hashes to).</summary>
    public void Send(TopicPartition target, Message<byte[]?, byte[]> message, CancellationToken cancellationToken)
    {
        Begin();
        while (true)
        {
            try
            {
                _producer.Produce(target, message, OnDelivered);
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
        ThrowIfFailed();
    }

    /// <summary>
    /// Commits the open transaction (opening one if needed) with <paramref name="offsets"/> as the group's
    /// committed input offsets. Throws on failure; the caller then calls <see cref="Abort"/> and retries.
    /// </summary>
    public void CommitTransaction(IReadOnlyList<TopicPartitionOffset> offsets, IConsumerGroupMetadata group,
        CancellationToken cancellationToken)
    {
        Begin();
        _producer.Flush(cancellationToken);
        ThrowIfFailed();
        if (offsets.Count > 0)
        {
            _producer.SendOffsetsToTransaction(offsets, group, TransactionCallTimeout);
        }

        _producer.CommitTransaction(TransactionCallTimeout);
        InTransaction = false;
    }

    /// <summary>Aborts the open transaction, if any: its records are never seen by read-committed consumers.</summary>
    public void Abort()
    {
        _firstError = null;
        Interlocked.Exchange(ref _failed, 0);
        if (!InTransaction)
        {
            return;
        }

        InTransaction = false;
        _producer.AbortTransaction(TransactionCallTimeout);
    }

    public void Dispose()
    {
        if (!IsTransactional)
        {
            _producer.Flush(TimeSpan.FromSeconds(5));
        }

        _producer.Dispose();
    }

    private void Begin()
    {
        if (IsTransactional && !InTransaction)
        {
            _producer.BeginTransaction();
            InTransaction = true;
        }
    }

    private void ThrowIfFailed()
    {
        if (Interlocked.Exchange(ref _failed, 0) != 0)
        {
            var error = _firstError ?? new Error(ErrorCode.Unknown);
            _firstError = null;
            throw new KafkaException(error);
        }
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
