using StreamRefiner.Domain.Events;
using static StreamRefiner.Inputs.Formats.JsonFields;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Vonage SMS API webhooks (form body or JSON object): inbound messages and delivery receipts. In a receipt
/// <c>msisdn</c> is the handset the message went to and <c>to</c> is our sender id (often alphanumeric).
/// </summary>
/// <remarks>
/// Concatenated inbound messages arrive as one webhook per part and Vonage leaves reassembly to the receiver.
/// This reader is stateless, so it does not reassemble: part 1 becomes the reply (so the message counts once,
/// classified on the text of part 1), and a later part produces an event only when its own text is an opt-out,
/// so revocation language that falls in a later part is not lost.
/// </remarks>
internal sealed class VonageSmsReader(EventBuilder builder)
{
    private const string Provider = "vonage";

    public CanonicalEvent[] Read(IReadOnlyDictionary<string, string> fields, RawRecord record)
    {
        var messageId = Field(fields, "messageId") ?? Field(fields, "message-id")
            ?? throw new ParseException(RejectReason.MissingField, "Vonage webhook without 'messageId'");
        var contact = builder.Contact(Field(fields, "msisdn"), "msisdn", digitsAreInternational: true);
        var business = builder.BusinessAddress(Field(fields, "to"), digitsAreInternational: true);
        return Field(fields, "status") is { } status
            ? Receipt(fields, status, messageId, contact, business, record)
            : Inbound(fields, messageId, contact, business, record);
    }

    private CanonicalEvent[] Inbound(IReadOnlyDictionary<string, string> fields, string messageId, string contact,
        string? business, RawRecord record)
    {
        // Part 1 stands for the whole message; a redelivered part keeps its messageId, so it dedupes.
        var part = Field(fields, "concat-ref") is null ? "1" : Field(fields, "concat-part") ?? "1";
        var inbound = builder.Inbound(new InboundMessage(Provider, messageId, contact)
        {
            BusinessNumber = business,
            Body = Field(fields, "text"),
            ProviderTime = ProviderTime.Spaced(Field(fields, "message-timestamp")),
        }, record);

        if (part != "1" && inbound.Type != EventType.OptOut)
        {
            return [];
        }

        return [inbound];
    }

    private CanonicalEvent[] Receipt(IReadOnlyDictionary<string, string> fields, string status, string messageId,
        string contact, string? business, RawRecord record)
    {
        var (type, reason) = status switch
        {
            "accepted" => (EventType.Sent, null),
            "delivered" => (EventType.Delivered, null),
            "expired" => (EventType.Failed, "expired"),
            "failed" => (EventType.Failed, "undelivered"),
            "rejected" => (EventType.Failed, "other"),
            _ => ((EventType?)null, (string?)null),
        };
        if (type is null)
        {
            // buffered and unknown say nothing final about the message.
            return [];
        }

        var scts = Field(fields, "scts");
        return
        [
            builder.Status(new OutboundStatus(Provider, $"{messageId}:{status}", type.Value, contact)
            {
                BusinessNumber = business,
                FailureReason = reason,
                ProviderTime = ProviderTime.Compact(scts) ?? ProviderTime.Spaced(Field(fields, "message-timestamp")),
                Campaign = Field(fields, "client-ref"),
            }, record),
        ];
    }
}
