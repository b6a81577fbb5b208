namespace StreamRefiner.Pipeline.Kafka;

/// <summary>Kafka connection and group settings (configuration section <c>Kafka</c>).</summary>
public sealed class KafkaOptions
{
    /// <summary>Comma-separated host:port list.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    public string NormaliseGroupId { get; set; } = "streamrefiner-normalise";

    public string DecideGroupId { get; set; } = "streamrefiner-decide";

    /// <summary>Partitions of the internal events topic when the dev broker creates it.</summary>
    public int EventsPartitions { get; set; } = 8;

    /// <summary>Partitions of the input, transitions and dead-letter topics when the dev broker creates them.</summary>
    public int TopicPartitions { get; set; } = 4;

    public TopicOptions Topics { get; set; } = new();
}
