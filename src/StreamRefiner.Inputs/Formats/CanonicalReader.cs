using System.Globalization;
using System.Text.Json;
using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Consent;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// The project's own input JSON: <c>type</c> and <c>contact</c> required; <c>occurred_at</c>, <c>event_id</c>,
/// <c>dedupe_key</c> and the hints optional. A <c>reply</c> with a <c>body</c> is classified for consent;
/// the body itself is not kept.
/// </summary>
internal sealed class CanonicalReader(EventBuilder builder)
{
    public CanonicalEvent Read(JsonElement root, RawRecord record)
    {
        if (root.TryGetProperty("schema_version", out var version)
            && (version.ValueKind != JsonValueKind.Number || version.GetInt32() != CanonicalEvent.CurrentSchemaVersion))
        {
            throw new ParseException(RejectReason.UnknownFormat, "unsupported schema_version (expected 1)");
        }

        var typeName = Text(root, "type");
        if (!EventTypeNames.TryParse(typeName, out var type))
        {
            throw new ParseException(RejectReason.UnknownFormat, "'type' is not a canonical event type");
        }

        var contact = builder.Contact(Text(root, "contact"), "contact");
        DateTimeOffset? occurredAt = null;
        if (Text(root, "occurred_at") is { } timeText)
        {
            occurredAt = DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new ParseException(RejectReason.InvalidTime, "'occurred_at' is not ISO-8601");
        }

        var (at, clock) = builder.Time(occurredAt, record);
        var provider = Text(root, "provider") ?? "canonical";
        var keyword = Text(root, "keyword");
        var consentReason = Text(root, "consent_reason")
            ?? (type is EventType.OptOut or EventType.OptIn or EventType.Help ? "canonical_type" : null);
        if (type == EventType.Reply && Text(root, "body") is { } body)
        {
            var classification = ConsentClassifier.Classify(body);
            type = classification.Type;
            keyword = classification.Keyword;
            consentReason = classification.Reason;
        }

        var dedupe = Text(root, "dedupe_key") ?? Text(root, "event_id")
            ?? $"{typeName}:{contact}:{at.ToUnixTimeMilliseconds()}";
        return new CanonicalEvent
        {
            EventId = Text(root, "event_id") ?? EventBuilder.EventId(provider, dedupe),
            Type = type,
            Contact = contact,
            OccurredAt = at,
            Clock = clock,
            Provider = provider,
            DedupeKey = dedupe,
            BusinessNumber = builder.BusinessAddress(Text(root, "business_number")),
            Campaign = Text(root, "campaign"),
            Variant = Text(root, "variant"),
            Keyword = keyword,
            ConsentReason = consentReason,
            FailureReason = Text(root, "failure_reason"),
        };
    }

    private static string? Text(JsonElement element, string name) => CanonicalEventJson.Optional(element, name);
}
