namespace StreamRefiner.Inputs.Formats;

/// <summary>A record as it arrived on an input topic, without any Kafka type.</summary>
/// <param name="Value">The record's bytes.</param>
/// <param name="Timestamp">The Kafka record timestamp: the clock used when the payload carries no time.</param>
public readonly record struct RawRecord(ReadOnlyMemory<byte> Value, DateTimeOffset Timestamp);
