namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// The names of the input formats, as used in the <c>sr-format</c> record header and in
/// <c>Inputs:TopicFormats:&lt;topic&gt;</c>.
/// </summary>
public static class InputFormats
{
    public const string Canonical = "canonical";
    public const string Twilio = "twilio";
    public const string Telnyx = "telnyx";
    public const string VonageSms = "vonage_sms";
    public const string VonageMessages = "vonage_messages";
    public const string Plivo = "plivo";
    public const string Bandwidth = "bandwidth";
    public const string Sinch = "sinch";

    /// <summary>Every name a record header or a topic pin may use.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Canonical, Twilio, Telnyx, VonageSms, VonageMessages, Plivo, Bandwidth, Sinch];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
