using StreamRefiner.Domain.Events;
using static StreamRefiner.Inputs.Formats.JsonFields;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Plivo webhooks (form body or JSON object of the same keys): inbound messages, with the provider's
/// <c>MessageIntent</c> flag, and message status callbacks. Numbers are international digits without '+'.
/// </summary>
internal sealed class PlivoReader(EventBuilder builder)
{
    private const string Provider = "plivo";

    public CanonicalEvent[] Read(IReadOnlyDictionary<string, string> fields, RawRecord record)
    {
        var uuid = Field(fields, "MessageUUID")
            ?? throw new ParseException(RejectReason.MissingField, "Plivo webhook without 'MessageUUID'");
        if (Field(fields, "Status") is not { } status)
        {
            // Plivo's inbound message has no time of its own: the Kafka timestamp is used.
            var contact = builder.Contact(Field(fields, "From"), "From", digitsAreInternational: true);
            return
            [
                builder.Inbound(new InboundMessage(Provider, uuid, contact)
                {
                    BusinessNumber = builder.BusinessAddress(Field(fields, "To"), digitsAreInternational: true),
                    Body = Field(fields, "Text") ?? Field(fields, "Body"),
                    Flag = Field(fields, "MessageIntent"),
                    FlagName = "MessageIntent",
                }, record),
            ];
        }

        var normalized = status.ToLowerInvariant();
        EventType? type = normalized switch
        {
            "sent" => EventType.Sent,
            "delivered" => EventType.Delivered,
            "undelivered" or "failed" or "rejected" => EventType.Failed,
            _ => null,
        };
        if (type is null)
        {
            // queued and read: not a signal the segments use.
            return [];
        }

        var error = Field(fields, "ErrorCode");
        var recipient = builder.Contact(Field(fields, "To"), "To", digitsAreInternational: true);
        var dedupe = error is null ? $"{uuid}:{normalized}" : $"{uuid}:{normalized}:{error}";
        return
        [
            builder.Status(new OutboundStatus(Provider, dedupe, type.Value, recipient)
            {
                BusinessNumber = builder.BusinessAddress(Field(fields, "From"), digitsAreInternational: true),
                FailureReason = error switch
                {
                    "200" => "opted_out",
                    null => "undelivered",
                    _ => "other",
                },
                ProviderTime = ProviderTime.Spaced(Field(fields, "DeliveryReportTime") ?? Field(fields, "SentTime")
                    ?? Field(fields, "QueuedTime") ?? Field(fields, "MessageTime")),
            }, record),
        ];
    }
}
