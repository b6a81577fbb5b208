using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using StreamRefiner.Inputs.Canonical;

namespace StreamRefiner.Pipeline.Normalise;

/// <summary>
/// Builds dead-letter records: the original key and bytes (base64), the reason, a detail that never quotes the
/// payload, where the record came from, and the original record's headers (name → base64 of the value, in
/// <c>source_headers</c>; a name the record carried twice keeps its last value there). The DLQ message keeps the
/// original headers as they were, in their order, followed by <c>sr-reason</c> and <c>sr-source</c>: a record that
/// already carried those (an internal-topic record, a re-driven dead letter) has them twice, ours last.
/// </summary>
public static class DeadLetterRecord
{
    public static Message<byte[]?, byte[]> Create(ConsumeResult<byte[]?, byte[]?> source, string reason, string detail,
        string format, DateTimeOffset deadLetteredAt)
    {
        var raw = source.Message.Value ?? [];
        var buffer = new ArrayBufferWriter<byte>(raw.Length * 2 + 256);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
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
            writer.WriteStartObject("source_headers");
            foreach (var header in LastOfEachName(source.Message.Headers))
            {
                if (header.GetValueBytes() is { } value)
                {
                    writer.WriteBase64String(header.Key, value);
                }
                else
                {
                    writer.WriteNull(header.Key);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var headers = new Headers();
        foreach (var header in source.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add("sr-reason", System.Text.Encoding.UTF8.GetBytes(reason));
        headers.Add("sr-source",
            System.Text.Encoding.UTF8.GetBytes($"{source.Topic}/{source.Partition.Value}/{source.Offset.Value}"));
        return new Message<byte[]?, byte[]>
        {
            Key = source.Message.Key,
            Value = buffer.WrittenSpan.ToArray(),
            Headers = headers,
        };
    }

    private static IEnumerable<IHeader> LastOfEachName(Headers? headers) =>
        (headers ?? []).GroupBy(h => h.Key, StringComparer.Ordinal).Select(g => g.Last());
}
