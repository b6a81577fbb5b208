using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamRefiner.Pipeline.Normalise;

namespace StreamRefiner.Pipeline.Tests;

public sealed class DeadLetterRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_dead_letter_keeps_the_original_headers_on_the_message_and_in_the_body()
    {
        var source = Source(new Headers
        {
            { "sr-format", Encoding.UTF8.GetBytes("carrier-pigeon") },
            { "trace-id", [0x00, 0xff, 0x10] },
            { "empty", null },
        });

        var message = DeadLetterRecord.Create(source, "unknown_format", "no format", "unknown", Now);

        Assert.Equal(["sr-format", "trace-id", "empty", "sr-reason", "sr-source"], message.Headers.Select(h => h.Key));
        Assert.Equal(new byte[] { 0x00, 0xff, 0x10 }, message.Headers.GetLastBytes("trace-id"));
        Assert.Null(message.Headers.Single(h => h.Key == "empty").GetValueBytes());
        Assert.Equal("sms.replies/3/41", Encoding.UTF8.GetString(message.Headers.GetLastBytes("sr-source")));
        Assert.Equal("unknown_format", Encoding.UTF8.GetString(message.Headers.GetLastBytes("sr-reason")));

        using var json = JsonDocument.Parse(message.Value);
        var headers = json.RootElement.GetProperty("source_headers");
        Assert.Equal("Y2Fycmllci1waWdlb24=", headers.GetProperty("sr-format").GetString());
        Assert.Equal("AP8Q", headers.GetProperty("trace-id").GetString());
        Assert.Equal(JsonValueKind.Null, headers.GetProperty("empty").ValueKind);
        Assert.Equal(3, headers.EnumerateObject().Count());
    }

    [Fact]
    public void A_record_without_headers_has_an_empty_source_headers_object()
    {
        var message = DeadLetterRecord.Create(Source(null), "malformed_json", "bad", "unknown", Now);

        using var json = JsonDocument.Parse(message.Value);
        Assert.Empty(json.RootElement.GetProperty("source_headers").EnumerateObject());
        Assert.Equal(["sr-reason", "sr-source"], message.Headers.Select(h => h.Key));
    }

    [Fact]
    public void Our_reason_and_source_come_last_when_the_record_already_had_them()
    {
        var source = Source(new Headers { { "sr-source", Encoding.UTF8.GetBytes("sms.clicks/0/7") } });

        var message = DeadLetterRecord.Create(source, "malformed_internal", "bad", "canonical", Now);

        Assert.Equal("sms.replies/3/41", Encoding.UTF8.GetString(message.Headers.GetLastBytes("sr-source")));
        using var json = JsonDocument.Parse(message.Value);
        Assert.Equal("c21zLmNsaWNrcy8wLzc=",
            json.RootElement.GetProperty("source_headers").GetProperty("sr-source").GetString());
    }

    private static ConsumeResult<byte[]?, byte[]?> Source(Headers? headers) => new()
    {
        Topic = "sms.replies",
        Partition = 3,
        Offset = 41,
        Message = new Message<byte[]?, byte[]?>
        {
            Key = null,
            Value = Encoding.UTF8.GetBytes("{\"a\":"),
            Timestamp = new Timestamp(Now),
            Headers = headers,
        },
    };
}
