using System.Text.RegularExpressions;
using StreamRefiner.Domain.Events;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// Masks phone numbers in text that did not come from our own log templates (client exception messages, which
/// may quote a Redis key such as <c>sr:c:{+12025550101}</c>).
/// </summary>
public static partial class LogRedaction
{
    /// <summary>Masks every run of 7 to 15 digits (with or without a leading +) the way contacts are masked.</summary>
    public static string MaskNumbers(string text) => Numbers().Replace(text, m => ContactMask.Mask(m.Value));

    [GeneratedRegex(@"\+?\d{7,15}")]
    private static partial Regex Numbers();
}
