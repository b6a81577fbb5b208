using System.Text.Json;
using StreamRefiner.Domain.Events;
using static StreamRefiner.Inputs.Formats.JsonFields;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Bandwidth Messaging v2 callbacks: a JSON array of events, each becoming its own canonical event
/// (<c>message-received</c>, <c>message-delivered</c>, <c>message-failed</c>). One bad event rejects the
/// whole record, so the dead-letter topic keeps the array intact. A single event object is accepted too.
/// </summary>
internal sealed class BandwidthReader(EventBuilder builder)
{
    private const string Provider = "bandwidth";

    /// <summary>Bandwidth's DLR timeout: the outcome is unknown, it is not a failure.</summary>
    private const string DlrTimeout = "9902";

    public CanonicalEvent[] Read(JsonElement root, RawRecord record)
    {
        var items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new[] { root };
        if (items.Length == 0)
        {
            throw new ParseException(RejectReason.MissingField, "Bandwidth callback array is empty");
        }

        return [.. items.SelectMany(item => ReadEvent(item, record))];
    }

    private IEnumerable<CanonicalEvent> ReadEvent(JsonElement item, RawRecord record)
    {
        var type = Text(item, "type") ?? throw Missing("type");
        var message = Object(item, "message") ?? throw Missing("message");
        var id = Text(message, "id") ?? throw Missing("message.id");
        var time = ProviderTime.Iso(Text(item, "time"));
        var tag = Text(message, "tag");
        switch (type)
        {
            case "message-received":
                var contact = builder.Contact(Text(message, "from"), "message.from");
                var owner = Text(message, "owner")
                    ?? Array(message, "to").Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null)
                        .FirstOrDefault();
                return
                [
                    builder.Inbound(new InboundMessage(Provider, id, contact)
                    {
                        BusinessNumber = builder.BusinessAddress(owner),
                        Body = Text(message, "text"),
                        ProviderTime = time,
                        Campaign = tag,
                    }, record),
                ];
            case "message-delivered" or "message-failed":
                var errorCode = Text(item, "errorCode");
                if (type == "message-failed" && errorCode == DlrTimeout)
                {
                    return [];
                }

                var recipient = builder.Contact(Text(item, "to"), "to");
                var outcome = type == "message-delivered" ? EventType.Delivered : EventType.Failed;
                return
                [
                    builder.Status(new OutboundStatus(Provider, $"{id}:{type}:{recipient}", outcome, recipient)
                    {
                        BusinessNumber = builder.BusinessAddress(Text(message, "from")),
                        FailureReason = errorCode is null ? "undelivered" : "other",
                        ProviderTime = time,
                        Campaign = tag,
                    }, record),
                ];
            default:
                // message-sending and newer types: nothing a segment uses.
                return [];
        }
    }

    private static ParseException Missing(string field) =>
        new(RejectReason.MissingField, $"Bandwidth event without '{field}'");
}
