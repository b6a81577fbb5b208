using System.Security.Cryptography;
using System.Text;
using StreamRefiner.Domain.Events;
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

    public string? BusinessAddress(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        return phones.TryNormalize(raw, digitsAreInternational: false, out var e164) == ContactRejection.None
            ? e164
            : raw.Trim();
    }

    /// <summary>The provider's time when given, else the Kafka timestamp, with the clock it came from.</summary>
    public (DateTimeOffset At, EventClock Clock) Time(DateTimeOffset? providerTime, RawRecord record)
    {
        var (at, source) = providerTime is { } given ? (given, EventClock.Provider) : (record.Timestamp, EventClock.Kafka);
        if (at > clock.GetUtcNow() + maxFutureSkew)
        {
            throw new ParseException(RejectReason.FutureEvent, "event time is beyond the allowed future skew");
        }

        return (at.ToUniversalTime(), source);
    }

    public static string EventId(string provider, string dedupeKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{provider}|{dedupeKey}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }
}
