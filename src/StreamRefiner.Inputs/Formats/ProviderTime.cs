using System.Globalization;

namespace StreamRefiner.Inputs.Formats;

/// <summary>The time formats providers use. A present but unreadable time rejects the record.</summary>
internal static class ProviderTime
{
    private const DateTimeStyles Utc = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    private static readonly string[] SpacedFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm"];

    /// <summary>ISO-8601; a time without an offset is UTC.</summary>
    public static DateTimeOffset? Iso(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new ParseException(RejectReason.InvalidTime, "a time field is not ISO-8601");
    }

    /// <summary>Carrier time YYMMDDhhmm (Twilio RawDlrDoneDate, Vonage scts); zone unstated, UTC assumed.</summary>
    public static DateTimeOffset? Compact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTime.TryParseExact(text, "yyMMddHHmm", CultureInfo.InvariantCulture, Utc, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : throw new ParseException(RejectReason.InvalidTime, "a carrier time is not YYMMDDhhmm");
    }

    /// <summary>"YYYY-MM-DD hh:mm:ss[.ffffff]" (Vonage, Plivo), UTC; ISO-8601 is accepted as well.</summary>
    public static DateTimeOffset? Spaced(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTime.TryParseExact(text, SpacedFormats, CultureInfo.InvariantCulture, Utc, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : Iso(text);
    }
}
