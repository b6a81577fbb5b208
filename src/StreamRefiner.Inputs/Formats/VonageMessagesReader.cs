using System.Text.Json;
using StreamRefiner.Domain.Events;
using static StreamRefiner.Inputs.Formats.JsonFields;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Vonage Messages API webhooks: inbound messages (<c>message_uuid</c>, <c>from</c>, <c>text</c>) and status
/// webhooks (<c>status</c>; the contact is <c>to</c>). Numbers are international digits without '+'.
/// </summary>
internal sealed class VonageMessagesReader(EventBuilder builder)
{
    private const string Provider = "vonage_messages";

    public CanonicalEvent[] Read(JsonElement root, RawRecord record)
    {
        var uuid = Text(root, "message_uuid")
            ?? throw new ParseException(RejectReason.MissingField, "Vonage message without 'message_uuid'");
        var time = ProviderTime.Iso(Text(root, "timestamp"));
        if (Text(root, "status") is not { } status)
        {
            var contact = builder.Contact(Address(root, "from"), "from", digitsAreInternational: true);
            return
            [
                builder.Inbound(new InboundMessage(Provider, uuid, contact)
                {
                    BusinessNumber = builder.BusinessAddress(Address(root, "to"), digitsAreInternational: true),
                    Body = Text(root, "text"),
                    ProviderTime = time,
                    Campaign = Text(root, "client_ref"),
                }, record),
            ];
        }

        EventType? type = status switch
        {
            "submitted" => EventType.Sent,
            "delivered" => EventType.Delivered,
            "rejected" or "undeliverable" => EventType.Failed,
            _ => null,
        };
        if (type is null)
        {
            // read (OTT channels) and anything newer: not a signal the segments use.
            return [];
        }

        var recipient = builder.Contact(Address(root, "to"), "to", digitsAreInternational: true);
        var error = Object(root, "error") is { } e ? Text(e, "title") : null;
        return
        [
            builder.Status(new OutboundStatus(Provider, $"{uuid}:{status}", type.Value, recipient)
            {
                BusinessNumber = builder.BusinessAddress(Address(root, "from"), digitsAreInternational: true),
                FailureReason = error switch
                {
                    "1360" => "expired",
                    _ => "undelivered",
                },
                ProviderTime = time,
                Campaign = Text(root, "client_ref"),
            }, record),
        ];
    }

    /// <summary>A plain string, or the older object form <c>{"type":"sms","number":"…"}</c>.</summary>
    private static string? Address(JsonElement root, string name) =>
        Text(root, name) ?? (Object(root, name) is { } o ? Text(o, "number") ?? Text(o, "id") : null);
}
