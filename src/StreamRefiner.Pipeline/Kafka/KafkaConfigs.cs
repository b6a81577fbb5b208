using Confluent.Kafka;

namespace StreamRefiner.Pipeline.Kafka;

/// <summary>The client configurations both stages share.</summary>
public static class KafkaConfigs
{
    /// <summary>An idempotent producer that partitions by key the way Java clients do (murmur2).</summary>
    public static ProducerConfig Producer(KafkaOptions options, string clientId) => new()
    {
        BootstrapServers = options.BootstrapServers,
        ClientId = clientId,
        EnableIdempotence = true,
        Acks = Acks.All,
        Partitioner = Partitioner.Murmur2Random,
        LingerMs = 5,
        CompressionType = CompressionType.Lz4,
    };

    /// <summary>
    /// A transactional producer with <paramref name="transactionalId"/> (see <see cref="BatchProducer"/>).
    /// </summary>
    public static ProducerConfig TransactionalProducer(KafkaOptions options, string clientId, string transactionalId)
    {
        var config = Producer(options, clientId);
        config.TransactionalId = transactionalId;

        // A dead instance that never comes back holds read-committed consumers for at most this long.
        config.TransactionTimeoutMs = 60_000;
        return config;
    }

    /// <summary>A consumer that commits only what the stage has finished.</summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string groupId, string clientId) => new()
    {
        BootstrapServers = options.BootstrapServers,
        GroupId = groupId,
        ClientId = clientId,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        EnablePartitionEof = true,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
        SessionTimeoutMs = options.SessionTimeoutMilliseconds,
        HeartbeatIntervalMs = Math.Max(100, options.SessionTimeoutMilliseconds / 3),
        MaxPollIntervalMs = 300_000,
    };
}
