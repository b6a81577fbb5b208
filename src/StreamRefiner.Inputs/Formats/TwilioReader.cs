using System.Text.Json;
using StreamRefiner.Domain.Events;
using static StreamRefiner.Inputs.Formats.JsonFields;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Twilio webhooks (inbound message and status callback, as a form body or a JSON object of the same keys)
/// and Twilio Event Streams CloudEvents (inbound message, outbound status, link-shortening click).
/// </summary>
internal sealed class TwilioReader(EventBuilder builder)
{
    private const string Provider = "twilio";

    private static readonly string[] PreviewAgents =
    [
        "bot", "crawler", "spider", "preview", "facebookexternalhit", "whatsapp", "slack", "telegram",
        "discord", "skypeuri", "google-pagerenderer", "headlesschrome", "linkexpanding", "facebot", "twitterbot",
        "linkedinbot", "applebot", "iframely", "embedly", "viber", "snapchat", "pinterest", "microsoftpreview",
    ];

    public CanonicalEvent[] ReadWebhook(IReadOnlyDictionary<string, string> fields, RawRecord record)
    {
        var messageSid = Field(fields, "MessageSid") ?? Field(fields, "SmsSid")
            ?? throw new ParseException(RejectReason.MissingField, "missing 'MessageSid'");

        if (Field(fields, "MessageStatus") is { } status)
        {
            var done = ProviderTime.Compact(Field(fields, "RawDlrDoneDate"));
            return Status(status, Field(fields, "ErrorCode"), messageSid, fields.GetValueOrDefault("To"),
                fields.GetValueOrDefault("From"), Field(fields, "MessagingServiceSid"), done, record);
        }

        if (!fields.ContainsKey("Body") && Field(fields, "SmsStatus") != "received")
        {
            throw new ParseException(RejectReason.UnknownFormat, "Twilio fields without MessageStatus or Body");
        }

        return [Inbound(fields.GetValueOrDefault("Body"), Field(fields, "OptOutType"), messageSid,
            fields.GetValueOrDefault("From"), fields.GetValueOrDefault("To"), Field(fields, "MessagingServiceSid"),
            providerTime: null, record)];
    }

    public CanonicalEvent[] ReadCloudEvent(JsonElement root, RawRecord record)
    {
        var type = Text(root, "type") ?? string.Empty;
        var id = Text(root, "id") ?? throw new ParseException(RejectReason.MissingField, "CloudEvent without 'id'");
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new ParseException(RejectReason.MissingField, "CloudEvent without a 'data' object");
        }

        var ceTime = ProviderTime.Iso(Text(root, "time"));
        switch (type)
        {
            case "com.twilio.daptbt.link-shortening.link-clicked":
                return [Click(data, id, ceTime, record)];
            case "com.twilio.messaging.inbound-message.received":
                var sid = Text(data, "messageSid") ?? id;
                return [Inbound(Text(data, "body"), Text(data, "optOutType"), sid, Text(data, "from"),
                    Text(data, "to"), Text(data, "messagingServiceSid"), ProviderTime.Iso(Text(data, "timestamp")) ?? ceTime,
                    record)];
            case var t when t.StartsWith("com.twilio.messaging.message.", StringComparison.Ordinal):
                var status = Text(data, "messageStatus") ?? t["com.twilio.messaging.message.".Length..];
                return Status(status, Text(data, "errorCode"), Text(data, "messageSid") ?? id, Text(data, "to"), Text(data, "from"),
                    Text(data, "messagingServiceSid"), ProviderTime.Iso(Text(data, "timestamp")) ?? ceTime, record);
            default:
                // Other Twilio event types (link shortened, call events …) say nothing about engagement.
                return [];
        }
    }

    /// <summary>
    /// The link-shortening domain's click webhook (snake_case keys, <c>event_type</c> click or preview). Its shape
    /// comes from third-party notes, not Twilio's own text, so it is read tolerantly.
    /// </summary>
    public CanonicalEvent ReadClickWebhook(JsonElement root, RawRecord record)
    {
        var sid = Text(root, "sms_sid") ?? Text(root, "message_sid")
            ?? throw new ParseException(RejectReason.MissingField, "click webhook without 'sms_sid'");
        var clickTime = Text(root, "click_time");
        return Click(root, "to", $"{sid}:click:{clickTime}", ProviderTime.Iso(clickTime),
            Text(root, "event_type") == "preview", record);
    }

    private CanonicalEvent Click(JsonElement data, string id, DateTimeOffset? ceTime, RawRecord record) =>
        Click(data, "data.to", id, ProviderTime.Iso(Text(data, "click_time")) ?? ceTime, markedPreview: false,
            record);

    /// <summary>A click (or a link preview: marked so, or fetched by a known preview agent) of either shape.</summary>
    private CanonicalEvent Click(JsonElement data, string toField, string dedupe, DateTimeOffset? time,
        bool markedPreview, RawRecord record)
    {
        var contact = builder.Contact(Text(data, "to"), toField);
        var (at, clock) = builder.Time(time, record);
        var isPreview = markedPreview || IsPreviewAgent(Text(data, "user_agent"));
        return new CanonicalEvent
        {
            EventId = EventBuilder.EventId(Provider, dedupe),
            Type = isPreview ? EventType.LinkPreview : EventType.Click,
            Contact = contact,
            OccurredAt = at,
            Clock = clock,
            Provider = Provider,
            DedupeKey = dedupe,
            BusinessNumber = builder.BusinessAddress(Text(data, "from")),
            Campaign = Text(data, "messaging_service_sid"),
        };
    }

    private static bool IsPreviewAgent(string? agent) =>
        agent is not null && PreviewAgents.Any(a => agent.Contains(a, StringComparison.OrdinalIgnoreCase));

    private CanonicalEvent Inbound(string? body, string? optOutType, string messageSid, string? from, string? to,
        string? service, DateTimeOffset? providerTime, RawRecord record) =>
        builder.Inbound(new InboundMessage(Provider, messageSid, builder.Contact(from, "From"))
        {
            Body = body,
            Flag = optOutType,
            FlagName = "OptOutType",
            BusinessNumber = builder.BusinessAddress(to),
            Campaign = service,
            ProviderTime = providerTime,
        }, record);

    private CanonicalEvent[] Status(string status, string? errorCode, string messageSid, string? to, string? from,
        string? service, DateTimeOffset? providerTime, RawRecord record)
    {
        var normalized = status.ToLowerInvariant();
        EventType? type = normalized switch
        {
            "sent" => EventType.Sent,
            "delivered" => EventType.Delivered,
            "undelivered" or "failed" => EventType.Failed,
            _ => null,
        };
        if (type is null)
        {
            // queued, sending, accepted, scheduled, canceled, read: not a signal the segments use.
            return [];
        }

        var dedupe = errorCode is null ? $"{messageSid}:{normalized}" : $"{messageSid}:{normalized}:{errorCode}";
        return
        [
            builder.Status(new OutboundStatus(Provider, dedupe, type.Value, builder.Contact(to, "To"))
            {
                BusinessNumber = builder.BusinessAddress(from),
                Campaign = service,
                ProviderTime = providerTime,
                FailureReason = FailureReason(errorCode),
            }, record),
        ];
    }

    /// <summary>Twilio error codes mapped to the canonical failure reasons (30008, "unknown error", is other).</summary>
    private static string FailureReason(string? errorCode) => errorCode switch
    {
        "30006" or "21635" => "landline",
        "30003" or "30005" => "unreachable",
        "21610" => "opted_out",
        "30007" => "carrier_filtered",
        null or "" => "undelivered",
        _ => "other",
    };
}
