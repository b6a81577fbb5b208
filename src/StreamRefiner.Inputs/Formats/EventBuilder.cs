using System.Security.Cryptography;
using System.Text;
using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Consent;
using StreamRefiner.Inputs.Contacts;

namespace StreamRefiner.Inputs.Formats;

/// <summary>Builds canonical events for the format readers: contact normalisation, ids and time checks.</summary>
internal sealed class EventBuilder(PhoneNormalizer phones, TimeProvider clock, TimeSpan maxFutureSkew)
{
    public string Contact(string? raw, string field, bool digitsAreInternational = false)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new ParseException(RejectReason.MissingField, $"missing contact field '{field}'");
        }

        return phones.TryNormalize(raw, digitsAreInternational, out var e164) switch
        {
            ContactRejection.None => e164,
            ContactRejection.NotAContact =>
                throw new ParseException(RejectReason.NotAContact, $"'{field}' is a short code or sender id"),
            _ => throw new ParseException(RejectReason.InvalidContact, $"'{field}' is not a phone number"),
        };
    }

    public string? BusinessAddress(string? raw, bool digitsAreInternational = false)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return phones.TryNormalize(raw, digitsAreInternational, out var e164) == ContactRejection.None
            ? e164
            : raw.Trim();
    }

    /// <summary>The provider's time when given, else the Kafka timestamp, with the clock it came from.</summary>
    public (DateTimeOffset At, EventClock Clock) Time(DateTimeOffset? providerTime, RawRecord record)
    {
        var (at, source) = providerTime is { } given
            ? (given, EventClock.Provider)
            : (record.Timestamp, EventClock.Kafka);
        if (at > clock.GetUtcNow() + maxFutureSkew)
        {
            throw new ParseException(RejectReason.FutureEvent, "event time is beyond the allowed future skew");
        }

        return (at.ToUniversalTime(), source);
    }

    /// <summary>An inbound message from an already normalised contact, classified for consent.</summary>
    public CanonicalEvent Inbound(InboundMessage message, RawRecord record)
    {
        var (at, source) = Time(message.ProviderTime, record);
        var classification = ConsentClassifier.Classify(message.Body, message.Flag, message.FlagName);
        return new CanonicalEvent
        {
            EventId = EventId(message.Provider, message.DedupeKey),
            Type = classification.Type,
            Contact = message.Contact,
            OccurredAt = at,
            Clock = source,
            Provider = message.Provider,
            DedupeKey = message.DedupeKey,
            BusinessNumber = message.BusinessNumber,
            Campaign = message.Campaign,
            Keyword = classification.Keyword,
            ConsentReason = classification.Reason,
        };
    }

    /// <summary>An outbound status (sent, delivered or failed) of one message to one contact.</summary>
    public CanonicalEvent Status(OutboundStatus status, RawRecord record)
    {
        var (at, source) = Time(status.ProviderTime, record);
        return new CanonicalEvent
        {
            EventId = EventId(status.Provider, status.DedupeKey),
            Type = status.Type,
            Contact = status.Contact,
            OccurredAt = at,
            Clock = source,
            Provider = status.Provider,
            DedupeKey = status.DedupeKey,
            BusinessNumber = status.BusinessNumber,
            Campaign = status.Campaign,
            Variant = status.Variant,
            FailureReason = status.Type == EventType.Failed ? status.FailureReason ?? "undelivered" : null,
        };
    }

    public static string EventId(string provider, string dedupeKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{provider}|{dedupeKey}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }
}
