namespace StreamRefiner.Pipeline.Kafka;

/// <summary>Kafka connection and group settings (configuration section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    /// <summary>Comma-separated host:port list.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    public string NormaliseGroupId { get; set; } = "streamrefiner-normalise";

    public string DecideGroupId { get; set; } = "streamrefiner-decide";

    /// <summary>
    /// The decide stage's <c>transactional.id</c>: stable per worker instance, so a restarted instance fences
    /// its previous incarnation and aborts its open transaction. Empty: <c>streamrefiner-decide-</c> and the
    /// machine name. Two instances on one machine need distinct values.
    /// </summary>
    public string TransactionalId { get; set; } = string.Empty;

    /// <summary>
    /// When false the decide stage produces without transactions (at-least-once output, stable ids); for
    /// brokers without transaction support.
    /// </summary>
    public bool Transactions { get; set; } = true;

    /// <summary>Partitions of the internal events topic when the dev broker creates it.</summary>
    public int EventsPartitions { get; set; } = 8;

    /// <summary>Partitions of the input, transitions and dead-letter topics when the dev broker creates them.</summary>
    public int TopicPartitions { get; set; } = 4;

    /// <summary>
    /// How long the group waits for a silent member before giving its partitions to others (a killed worker's
    /// partitions are idle this long). Heartbeats go every third of it.
    /// </summary>
    public int SessionTimeoutMilliseconds { get; set; } = 10_000;

    public TopicOptions Topics { get; set; } = new();
}
