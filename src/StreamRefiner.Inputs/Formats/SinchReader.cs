using System.Text.Json;
using StreamRefiner.Domain.Events;
using static StreamRefiner.Inputs.Formats.JsonFields;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Sinch SMS REST callbacks: inbound messages (<c>mo_text</c>, <c>mo_binary</c>, <c>mo_media</c>) and per-recipient
/// delivery reports. Batch summary reports carry no per-contact time and are read without producing events.
/// </summary>
internal sealed class SinchReader(EventBuilder builder)
{
    private const string Provider = "sinch";

    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "mo_text", "mo_binary", "mo_media", "recipient_delivery_report_sms", "recipient_delivery_report_mms",
        "delivery_report_sms", "delivery_report_mms",
    };

    public CanonicalEvent[] Read(JsonElement root, RawRecord record)
    {
        var type = Text(root, "type") ?? throw Missing("type");
        if (!Types.Contains(type))
        {
            throw new ParseException(RejectReason.UnknownFormat, "not a Sinch callback type");
        }

        if (type.StartsWith("mo_", StringComparison.Ordinal))
        {
            var id = Text(root, "id") ?? throw Missing("id");
            var contact = builder.Contact(Text(root, "from"), "from", digitsAreInternational: true);
            var body = Text(root, "body") ?? (Object(root, "body") is { } b ? Text(b, "message") : null);
            return
            [
                builder.Inbound(new InboundMessage(Provider, id, contact)
                {
                    BusinessNumber = builder.BusinessAddress(Text(root, "to"), digitsAreInternational: true),
                    Body = type == "mo_binary" ? null : body,
                    ProviderTime = ProviderTime.Iso(Text(root, "received_at")),
                    Campaign = Text(root, "client_reference"),
                }, record),
            ];
        }

        if (!type.StartsWith("recipient_", StringComparison.Ordinal))
        {
            return [];
        }

        var batch = Text(root, "batch_id") ?? throw Missing("batch_id");
        var status = Text(root, "status") ?? throw Missing("status");
        var (outcome, reason) = status switch
        {
            "Dispatched" => (EventType.Sent, null),
            "Delivered" => (EventType.Delivered, null),
            "Failed" => (EventType.Failed, "undelivered"),
            "Expired" => (EventType.Failed, "expired"),
            "Rejected" or "Aborted" or "Deleted" => (EventType.Failed, "other"),
            _ => ((EventType?)null, (string?)null),
        };
        if (outcome is null)
        {
            // Queued, Cancelled and Unknown say nothing final about the message.
            return [];
        }

        var recipient = builder.Contact(Text(root, "recipient"), "recipient", digitsAreInternational: true);
        return
        [
            builder.Status(
                new OutboundStatus(Provider, $"{batch}:{recipient}:{status}:{Text(root, "code")}", outcome.Value,
                    recipient)
                {
                    BusinessNumber = builder.BusinessAddress(Text(root, "applied_originator"), true),
                    FailureReason = reason,
                    ProviderTime = ProviderTime.Iso(Text(root, "operator_status_at") ?? Text(root, "at")),
                    Campaign = Text(root, "client_reference"),
                }, record),
        ];
    }

    private static ParseException Missing(string field) =>
        new(RejectReason.MissingField, $"Sinch callback without '{field}'");
}
