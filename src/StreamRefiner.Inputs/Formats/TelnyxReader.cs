using System.Text.Json;
using StreamRefiner.Domain.Events;
using static StreamRefiner.Inputs.Formats.JsonFields;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Telnyx Messaging v2 webhooks: <c>message.received</c> (inbound, with <c>autoresponse_type</c>),
/// <c>message.sent</c> and <c>message.finalized</c> (one status per recipient in <c>payload.to</c>).
/// Other event types are read and produce nothing.
/// </summary>
internal sealed class TelnyxReader(EventBuilder builder)
{
    private const string Provider = "telnyx";

    public CanonicalEvent[] Read(JsonElement root, RawRecord record)
    {
        var data = Object(root, "data") ?? throw Missing("data");
        var eventType = Text(data, "event_type") ?? throw Missing("data.event_type");
        var payload = Object(data, "payload") ?? throw Missing("data.payload");
        var occurredAt = ProviderTime.Iso(Text(data, "occurred_at"));
        var messageId = Text(payload, "id") ?? Text(data, "id") ?? throw Missing("data.payload.id");
        var (campaign, variant) = Tags(payload);
        var from = Object(payload, "from");
        var recipients = Array(payload, "to").ToArray();

        switch (eventType)
        {
            case "message.received":
                var contact = builder.Contact(from is { } f ? Text(f, "phone_number") : null, "payload.from");
                return
                [
                    builder.Inbound(new InboundMessage(Provider, messageId, contact)
                    {
                        BusinessNumber = builder.BusinessAddress(
                            recipients.Length > 0 ? Text(recipients[0], "phone_number") : null),
                        Body = Text(payload, "text"),
                        Flag = Text(payload, "autoresponse_type"),
                        FlagName = "autoresponse_type",
                        ProviderTime = occurredAt ?? ProviderTime.Iso(Text(payload, "received_at")),
                        Campaign = campaign,
                    }, record),
                ];
            case "message.sent" or "message.finalized":
                if (recipients.Length == 0)
                {
                    throw Missing("data.payload.to");
                }

                var business = builder.BusinessAddress(from is { } o ? Text(o, "phone_number") : null);
                var errorCode = Array(payload, "errors").Select(e => Text(e, "code")).FirstOrDefault();
                var events = new List<CanonicalEvent>(recipients.Length);
                for (var i = 0; i < recipients.Length; i++)
                {
                    var status = eventType == "message.sent" ? "sent" : Text(recipients[i], "status") ?? "unknown";
                    if (Type(status) is not { } type)
                    {
                        continue;
                    }

                    var recipient = builder.Contact(Text(recipients[i], "phone_number"), "payload.to.phone_number");
                    events.Add(builder.Status(
                        new OutboundStatus(Provider, $"{messageId}:{status}:{recipient}", type, recipient)
                        {
                            BusinessNumber = business,
                            FailureReason = FailureReason(errorCode, status),
                            ProviderTime = occurredAt
                                ?? ProviderTime.Iso(Text(payload, "completed_at") ?? Text(payload, "sent_at")),
                            Campaign = campaign,
                            Variant = variant,
                        }, record));
                }

                return [.. events];
            default:
                return [];
        }
    }

    /// <summary>delivery_unconfirmed and the in-flight states carry no outcome a segment uses.</summary>
    private static EventType? Type(string status) => status switch
    {
        "sent" => EventType.Sent,
        "delivered" => EventType.Delivered,
        "delivery_failed" or "sending_failed" => EventType.Failed,
        _ => null,
    };

    private static string FailureReason(string? errorCode, string status) => errorCode switch
    {
        "40300" => "opted_out",
        _ => status == "sending_failed" ? "other" : "undelivered",
    };

    /// <summary>Send tags are hints: a <c>variant-X</c> tag names the variant, the first other the campaign.</summary>
    private static (string? Campaign, string? Variant) Tags(JsonElement payload)
    {
        var tags = Array(payload, "tags").Where(t => t.ValueKind == JsonValueKind.String)
            .Select(t => t.GetString() ?? string.Empty).Where(t => t.Length > 0).ToArray();
        var variant = tags.FirstOrDefault(t => t.StartsWith("variant-", StringComparison.OrdinalIgnoreCase));
        var campaign = tags.FirstOrDefault(t => !t.StartsWith("variant-", StringComparison.OrdinalIgnoreCase));
        return (campaign, variant?["variant-".Length..]);
    }

    private static ParseException Missing(string field) =>
        new(RejectReason.MissingField, $"Telnyx webhook without '{field}'");
}
