using System.Text;
using Confluent.Kafka;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>
/// Reads the dead-letter and events topics from their beginning, every partition, as
/// <c>topic/partition/offset reason</c> and <c>topic/partition/offset event-json</c> lines, the source being the
/// input record named by the <c>sr-source</c> header.
/// </summary>
internal sealed class OutputReader : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly int _partitions;

    public OutputReader(string bootstrapServers, int partitions)
    {
        _partitions = partitions;
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"fuzz-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
    }

    /// <summary>
    /// Reads until both topics hold at least the expected counts, then two seconds more to catch extras, or until
    /// the timeout.
    /// </summary>
    public (List<string> DeadLetters, List<string> Events) ReadUntil(string deadLetterTopic, int deadLetterCount,
        string eventsTopic, int eventCount, TimeSpan timeout)
    {
        _consumer.Assign(Enumerable.Range(0, _partitions)
            .SelectMany(p => new[]
            {
                new TopicPartitionOffset(deadLetterTopic, p, Offset.Beginning),
                new TopicPartitionOffset(eventsTopic, p, Offset.Beginning),
            }));
        var deadLetters = new List<string>();
        var events = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        DateTime? settleUntil = null;
        while (DateTime.UtcNow < (settleUntil ?? deadline))
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is { } message)
            {
                var source = Header(message, "sr-source");
                if (result.Topic == deadLetterTopic)
                {
                    deadLetters.Add($"{source} {Header(message, "sr-reason")}");
                }
                else
                {
                    events.Add($"{source} {Encoding.UTF8.GetString(message.Value ?? [])}");
                }
            }

            if (settleUntil is null && deadLetters.Count >= deadLetterCount && events.Count >= eventCount)
            {
                settleUntil = DateTime.UtcNow.AddSeconds(2);
            }
        }

        return (deadLetters, events);
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    private static string? Header(Message<byte[]?, byte[]?> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
