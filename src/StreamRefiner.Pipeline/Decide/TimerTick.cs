using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace StreamRefiner.Pipeline.Decide;

/// <summary>
/// A tick: a small record the decide stage writes into one partition of the internal topic when contacts of that
/// partition are due but the batch in hand holds no record of it. Timers then fire when the tick is read back, so a
/// timer-fired transition has an input offset like any other: its outbox records the offset its transaction
/// commits, and a replay after a crash re-reads the tick and decides at the same stream time.
/// </summary>
/// <remarks>
/// A tick carries the partition's stream time when it was written (as JSON, and as the record timestamp) and the
/// header <c>sr-kind: tick</c>; it has no key. Reading a tick twice is harmless: contacts fired by the first read are
/// no longer due.
/// </remarks>
internal static class TimerTick
{
    public const string KindHeader = "sr-kind";
    private const string Property = "tick_stream_time_ms";
    private static readonly byte[] Kind = "tick"u8.ToArray();

    public static Message<byte[]?, byte[]> Create(DateTimeOffset streamTime)
    {
        var ms = streamTime.ToUnixTimeMilliseconds();
        return new Message<byte[]?, byte[]>
        {
            Key = null,
            Value = Encoding.UTF8.GetBytes(
                "{\"" + Property + "\":" + ms.ToString(CultureInfo.InvariantCulture) + "}"),
            Timestamp = new Timestamp(streamTime),
            Headers = new Headers { { KindHeader, Kind } },
        };
    }

    /// <summary>True when <paramref name="message"/> is marked as a tick (whether or not its value is valid).</summary>
    public static bool IsTick(Message<byte[]?, byte[]?> message) =>
        message.Headers?.TryGetLastBytes(KindHeader, out var kind) == true && kind.AsSpan().SequenceEqual(Kind);

    /// <summary>Reads a tick's stream time; false when the value is not a tick's.</summary>
    public static bool TryRead(byte[]? value, out DateTimeOffset streamTime)
    {
        streamTime = default;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(value ?? []);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty(Property, out var ms)
                && ms.ValueKind == System.Text.Json.JsonValueKind.Number && ms.TryGetInt64(out var millis)
                && millis is >= 0 and <= 253_402_300_799_999)
            {
                streamTime = DateTimeOffset.FromUnixTimeMilliseconds(millis);
                return true;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return false;
    }
}
