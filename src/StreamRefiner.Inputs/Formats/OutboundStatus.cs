using StreamRefiner.Domain.Events;

namespace StreamRefiner.Inputs.Formats;

/// <summary>What a reader knows about one delivery status of one outbound message to one contact.</summary>
internal sealed record OutboundStatus(string Provider, string DedupeKey, EventType Type, string Contact)
{
    public string? BusinessNumber { get; init; }

    /// <summary>
    /// For failures: landline, unreachable, opted_out, carrier_filtered, expired, undelivered or other.
    /// </summary>
    public string? FailureReason { get; init; }

    public DateTimeOffset? ProviderTime { get; init; }

    public string? Campaign { get; init; }

    public string? Variant { get; init; }
}
