namespace StreamRefiner.Inputs.Formats;

/// <summary>A record as it arrived on an input topic, without any Kafka type.</summary>
/// <param name="Value">The record's bytes.</param>
/// <param name="Timestamp">The Kafka record timestamp: the clock used when the payload carries no time.</param>
/// <param name="Topic">The source topic, for a format pinned per topic; null when unknown.</param>
/// <param name="FormatHeader">The record's <c>sr-format</c> header, when the producer set one.</param>
public readonly record struct RawRecord(
    ReadOnlyMemory<byte> Value,
    DateTimeOffset Timestamp,
    string? Topic = null,
    string? FormatHeader = null);
