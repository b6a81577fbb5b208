using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;

namespace StreamRefiner.Pipeline.Normalise;

/// <summary>
/// Builds dead-letter records: the original key and bytes (base64), the reason, a detail that never quotes the
/// payload, and where the record came from. Reason and source are also set as headers.
/// </summary>
public static class DeadLetterRecord
{
    public static Message<byte[]?, byte[]> Create(ConsumeResult<byte[]?, byte[]?> source, string reason, string detail,
        string format, DateTimeOffset deadLetteredAt)
    {
        var raw = source.Message.Value ?? [];
        var buffer = new ArrayBufferWriter<byte>(raw.Length * 2 + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema_version", 1);
            writer.WriteString("reason", reason);
            writer.WriteString("detail", detail);
            writer.WriteString("format", format);
            writer.WriteString("source_topic", source.Topic);
            writer.WriteNumber("source_partition", source.Partition.Value);
            writer.WriteNumber("source_offset", source.Offset.Value);
            writer.WriteString("source_timestamp",
                Inputs.Canonical.CanonicalEventJson.FormatTime(source.Message.Timestamp.UtcDateTime));
            writer.WriteString("dead_lettered_at", Inputs.Canonical.CanonicalEventJson.FormatTime(deadLetteredAt));
            writer.WriteBase64String("raw_base64", raw);
            writer.WriteEndObject();
        }

        var headers = new Headers
        {
            { "sr-reason", System.Text.Encoding.UTF8.GetBytes(reason) },
            { "sr-source", System.Text.Encoding.UTF8.GetBytes($"{source.Topic}/{source.Partition.Value}/{source.Offset.Value}") },
        };
        return new Message<byte[]?, byte[]> { Key = source.Message.Key, Value = buffer.WrittenSpan.ToArray(), Headers = headers };
    }
}
