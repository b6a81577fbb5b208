using System.Text;
using StreamRefiner.Domain.Events;

namespace StreamRefiner.Inputs.Consent;

/// <summary>
/// Classifies inbound messages into opt-out, opt-in, help or an ordinary reply.
/// </summary>
/// <remarks>
/// A provider's own flag wins when present (the provider has already blocked or unblocked the number).
/// Otherwise the whole message, normalised (trimmed, upper case, surrounding punctuation and repeated spaces
/// removed), must equal a keyword: "Stop" is an opt-out, "can you stop by tomorrow?" is a reply.
/// YES is reported as an opt-in with keyword YES; the decider honours it only for an opted-out contact.
/// </remarks>
public static class ConsentClassifier
{
    private static readonly HashSet<string> OptOutKeywords = new(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "UNSUB", "CANCEL", "END", "QUIT", "REVOKE",
        "OPTOUT", "OPT OUT", "OPT-OUT",
        "PARAR", "PARA", "ALTO", "BAJA", "CANCELAR",
    };

    private static readonly HashSet<string> OptInKeywords = new(StringComparer.Ordinal)
    {
        "START", "UNSTOP", "YES",
    };

    private static readonly HashSet<string> HelpKeywords = new(StringComparer.Ordinal) { "HELP", "INFO", "AYUDA" };

    /// <summary>Classifies a message body, honouring a provider flag (STOP/START/HELP family) first.</summary>
    public static Classification Classify(string? body, string? providerFlag = null, string flagName = "flag")
    {
        var flag = Normalize(providerFlag);
        if (flag.Length > 0)
        {
            var byFlag = flag switch
            {
                "STOP" or "OPTOUT" or "OPT_OUT" => EventType.OptOut,
                "START" or "OPTIN" or "OPT_IN" => EventType.OptIn,
                "HELP" => EventType.Help,
                _ => (EventType?)null,
            };
            if (byFlag is { } type)
            {
                return new Classification(type, flag, $"provider_flag:{flagName}");
            }
        }

        var text = Normalize(body);
        if (OptOutKeywords.Contains(text))
        {
            return new Classification(EventType.OptOut, text, "keyword");
        }

        if (OptInKeywords.Contains(text))
        {
            return new Classification(EventType.OptIn, text, "keyword");
        }

        if (HelpKeywords.Contains(text))
        {
            return new Classification(EventType.Help, text, "keyword");
        }

        return new Classification(EventType.Reply, null, "no_keyword");
    }

    /// <summary>Upper case, NFKC, surrounding punctuation and symbols stripped, inner whitespace collapsed.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var folded = text.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var ch in folded)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(ch);
        }

        return builder.ToString().Trim(TrimmedPunctuation);
    }

    private static readonly char[] TrimmedPunctuation = [.. ".,!?;:'\"()[]{}-_*~ ¡¿"];
}
