using System.Buffers;
using System.Globalization;
using System.Text.Json;
using StreamRefiner.Domain.Events;

namespace StreamRefiner.Inputs.Canonical;

/// <summary>
/// Writes and reads the canonical event JSON (schema version 1) used on the internal events-by-contact topic.
/// Field names are snake_case; times are ISO-8601 UTC with milliseconds.
/// </summary>
public static class CanonicalEventJson
{
    public static byte[] Serialize(CanonicalEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema_version", e.SchemaVersion);
            writer.WriteString("event_id", e.EventId);
            writer.WriteString("type", EventTypeNames.Name(e.Type));
            writer.WriteString("contact", e.Contact);
            writer.WriteString("occurred_at", FormatTime(e.OccurredAt));
            writer.WriteString("clock", EventTypeNames.Name(e.Clock));
            writer.WriteString("provider", e.Provider);
            writer.WriteString("dedupe_key", e.DedupeKey);
            WriteOptional(writer, "business_number", e.BusinessNumber);
            WriteOptional(writer, "campaign", e.Campaign);
            WriteOptional(writer, "variant", e.Variant);
            WriteOptional(writer, "keyword", e.Keyword);
            WriteOptional(writer, "consent_reason", e.ConsentReason);
            WriteOptional(writer, "failure_reason", e.FailureReason);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads an event this class wrote; throws <see cref="JsonException"/> or <see cref="FormatException"/>.
    /// </summary>
    public static CanonicalEvent Deserialize(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (!EventTypeNames.TryParse(Required(root, "type"), out var type))
        {
            throw new FormatException("unknown event type");
        }

        return new CanonicalEvent
        {
            SchemaVersion = root.TryGetProperty("schema_version", out var v) ? v.GetInt32() : 1,
            EventId = Required(root, "event_id"),
            Type = type,
            Contact = Required(root, "contact"),
            OccurredAt = ParseTime(Required(root, "occurred_at")),
            Clock = EventTypeNames.ParseClock(Optional(root, "clock")),
            Provider = Required(root, "provider"),
            DedupeKey = Required(root, "dedupe_key"),
            BusinessNumber = Optional(root, "business_number"),
            Campaign = Optional(root, "campaign"),
            Variant = Optional(root, "variant"),
            Keyword = Optional(root, "keyword"),
            ConsentReason = Optional(root, "consent_reason"),
            FailureReason = Optional(root, "failure_reason"),
        };
    }

    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    internal static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Required(JsonElement root, string name) =>
        Optional(root, name) ?? throw new FormatException($"missing string field '{name}'");

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
