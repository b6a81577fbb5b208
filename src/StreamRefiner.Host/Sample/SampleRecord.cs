namespace StreamRefiner.Host.Sample;

/// <summary>
/// One record of sample traffic: the topic role, the payload as a provider would land it, and its time.
/// </summary>
/// <param name="Topic">Which input topic: clicks, replies, consent or deliveries.</param>
/// <param name="Timestamp">The simulated time; also the Kafka timestamp, which payloads without a time rely on.</param>
public sealed record SampleRecord(SampleTopic Topic, string Payload, DateTimeOffset Timestamp);
