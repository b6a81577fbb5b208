using System.Globalization;
using System.Text;
using StreamRefiner.Domain.Events;

namespace StreamRefiner.Inputs.Consent;

/// <summary>
/// Classifies inbound messages into opt-out, opt-in, help or an ordinary reply, and says why.
/// </summary>
/// <remarks>
/// In order: a provider's own flag wins (the provider has already blocked or unblocked the number); then the
/// whole message, folded to upper-case words without accents or punctuation, must equal a keyword (STOP,
/// "Opt-out!", "🛑 stop 🛑", Spanish BAJA …); then natural-language revocations ("please stop texting me",
/// "remove me from this list", "wrong number", "no me envíen más mensajes") written as anchored patterns, so
/// "can you stop by tomorrow?" stays a reply. A reply that mentions an opt-out word without matching a
/// revocation pattern is reported as <c>ambiguous</c>: still a reply, counted, never dropped.
/// YES is reported as an opt-in with keyword YES; the decider honours it only for an opted-out contact.
/// </remarks>
public static class ConsentClassifier
{
    /// <summary>The reason given to a reply that mentions an opt-out word but does not clearly revoke.</summary>
    public const string Ambiguous = "ambiguous";

    private static readonly HashSet<string> OptOutKeywords = new(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "UNSUB", "CANCEL", "END", "QUIT", "REVOKE",
        "OPTOUT", "OPT OUT", "REMOVE", "NO MORE",

        // Spanish, French, German and Portuguese forms carriers and providers honour.
        "PARAR", "PARA", "ALTO", "BAJA", "CANCELAR", "NO MAS", "ARRET", "DESABONNER", "STOPP", "ABMELDEN",
        "PARE", "SAIR", "BORRAR", "DESUSCRIBIR", "DESUSCRIBIRME",

        // Frequent misspellings of the two commonest keywords.
        "STPO", "SOTP", "STOPPP", "UNSUBSCIBE", "UNSUSCRIBE", "UNSUBCRIBE", "UNSUBSRIBE", "UNSUSBCRIBE",
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
                "STOP" or "OPTOUT" or "OPT_OUT" or "OPT-OUT" => EventType.OptOut,
                "START" or "OPTIN" or "OPT_IN" or "OPT-IN" => EventType.OptIn,
                "HELP" => EventType.Help,
                _ => (EventType?)null,
            };
            if (byFlag is { } type)
            {
                return new Classification(type, flag, $"provider_flag:{flagName}");
            }
        }

        var words = Words(body);
        if (Keyword(words) is { } keyword)
        {
            return keyword;
        }

        if (RevocationPatterns.Match(words) is { } pattern)
        {
            return new Classification(EventType.OptOut, null, $"natural_language:{pattern}");
        }

        return new Classification(EventType.Reply, null,
            RevocationPatterns.MentionsOptOut(words) ? Ambiguous : "no_keyword");
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

    /// <summary>
    /// Upper-case words: accents removed, apostrophes dropped ("DON'T" → "DONT"), '#' read as NUMBER, every other
    /// non-letter, non-digit (punctuation, emoji) a separator; single spaces between words.
    /// </summary>
    public static string Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        // The worker runs with invariant globalization, where Normalize does not decompose accents: fold them here.
        var upper = text.ToUpperInvariant();
        var builder = new StringBuilder(upper.Length);
        foreach (var raw in upper)
        {
            var ch = FoldAccent(raw);
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark || ch is '\'' or '’')
            {
                continue;
            }

            if (ch == '#')
            {
                builder.Append(" NUMBER ");
            }
            else
            {
                builder.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
            }
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static char FoldAccent(char ch) => ch switch
    {
        'Á' or 'À' or 'Â' or 'Ä' or 'Ã' or 'Å' => 'A',
        'É' or 'È' or 'Ê' or 'Ë' => 'E',
        'Í' or 'Ì' or 'Î' or 'Ï' => 'I',
        'Ó' or 'Ò' or 'Ô' or 'Ö' or 'Õ' => 'O',
        'Ú' or 'Ù' or 'Û' or 'Ü' => 'U',
        'Ñ' => 'N',
        'Ç' => 'C',
        _ => ch,
    };

    private static Classification? Keyword(string words)
    {
        if (words.Length == 0)
        {
            return null;
        }

        if (OptOutKeywords.Contains(words))
        {
            return new Classification(EventType.OptOut, words, "keyword");
        }

        // "STOP STOP STOP": one opt-out keyword repeated.
        var tokens = words.Split(' ');
        if (tokens.Length > 1 && tokens.All(t => t == tokens[0]) && OptOutKeywords.Contains(tokens[0]))
        {
            return new Classification(EventType.OptOut, tokens[0], "keyword");
        }

        if (OptInKeywords.Contains(words))
        {
            return new Classification(EventType.OptIn, words, "keyword");
        }

        return HelpKeywords.Contains(words) ? new Classification(EventType.Help, words, "keyword") : null;
    }

    private static readonly char[] TrimmedPunctuation = [.. ".,!?;:'\"()[]{}-_*~ ¡¿"];
}
