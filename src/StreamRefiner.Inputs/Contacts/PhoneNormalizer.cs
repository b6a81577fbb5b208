using PhoneNumbers;

namespace StreamRefiner.Inputs.Contacts;

/// <summary>
/// Turns the phone addresses providers send into E.164 contact keys, with libphonenumber.
/// </summary>
/// <remarks>
/// Channel prefixes (<c>whatsapp:</c>, <c>sms:</c>, <c>tel:</c>) are stripped; digits without a leading
/// <c>+</c> are read as international when the provider writes them that way, else in the default region.
/// A number is accepted when it is possible for its region, not only when it is assigned: test ranges such as
/// NANP 555 numbers are real traffic in tests and trials. Short codes and alphanumeric senders are rejected.
/// </remarks>
public sealed class PhoneNormalizer
{
    private static readonly string[] ChannelPrefixes = ["whatsapp:", "sms:", "tel:", "mms:", "rcs:"];
    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();
    private readonly string _defaultRegion;

    /// <param name="defaultRegion">ISO 3166 region for national-format numbers, e.g. <c>US</c>.</param>
    public PhoneNormalizer(string defaultRegion)
    {
        if (!_util.GetSupportedRegions().Contains(defaultRegion))
        {
            throw new ArgumentException($"'{defaultRegion}' is not a region libphonenumber knows",
                nameof(defaultRegion));
        }

        _defaultRegion = defaultRegion;
    }

    /// <summary>Normalises <paramref name="raw"/>; on failure says why.</summary>
    /// <param name="raw">The address as the provider wrote it.</param>
    /// <param name="digitsAreInternational">True for providers that write international numbers without '+'.</param>
    /// <param name="e164">The contact key when the result is <see cref="ContactRejection.None"/>.</param>
    public ContactRejection TryNormalize(string? raw, bool digitsAreInternational, out string e164)
    {
        e164 = string.Empty;
        var text = raw?.Trim() ?? string.Empty;
        foreach (var prefix in ChannelPrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[prefix.Length..].Trim();
                break;
            }
        }

        if (text.Length == 0)
        {
            return ContactRejection.Invalid;
        }

        // Alphanumeric sender ids ("AcmeInc") are business addresses; a '+' number with letters is just broken.
        var hasPlus = text.StartsWith('+');
        if (text.Any(char.IsLetter))
        {
            return hasPlus ? ContactRejection.Invalid : ContactRejection.NotAContact;
        }

        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (!hasPlus && digits.Length is >= 3 and <= 8)
        {
            return ContactRejection.NotAContact;
        }

        if (!hasPlus && digitsAreInternational && digits.Length == text.Length)
        {
            text = "+" + text;
        }

        try
        {
            var number = _util.Parse(text, _defaultRegion);
            if (!_util.IsPossibleNumber(number))
            {
                return ContactRejection.Invalid;
            }

            e164 = _util.Format(number, PhoneNumberFormat.E164);
            return ContactRejection.None;
        }
        catch (NumberParseException)
        {
            return ContactRejection.Invalid;
        }
    }
}
