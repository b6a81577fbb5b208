using System.Text.RegularExpressions;

namespace StreamRefiner.Inputs.Consent;

/// <summary>
/// Natural-language ways of revoking consent, over the folded words of a message (see
/// <see cref="ConsentClassifier.Words"/>). Each pattern has a stable name that becomes the classification reason.
/// </summary>
/// <remarks>
/// Patterns need an object or an intent next to the opt-out word ("stop texting", "remove me", "want to
/// unsubscribe"), so a word alone inside an ordinary sentence ("stop by", "the end of the day") does not match.
/// A match right after a negation ("don't stop texting me") does not count.
/// </remarks>
internal static class RevocationPatterns
{
    // Non-backtracking: matching time is linear in the message length, whatever a sender writes.
    private const RegexOptions Options =
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;


    private const string Courtesy =
        "(PLEASE|PLS|PLZ|NOW|IT|THIS|THAT|THANKS|THANK YOU|THX|ME|ALREADY|FOR REAL|SERIOUSLY|AGAIN"
        + "|POR FAVOR|YA|GRACIAS)";

    private static readonly (string Name, Regex Pattern)[] Patterns =
    [
        ("keyword_with_courtesy", Make(
            $"^((PLEASE|PLS|PLZ) )?(STOP|STOPALL|STOP ALL|UNSUBSCRIBE|UNSUB|OPTOUT|OPT OUT|REVOKE|QUIT|ALTO|BAJA|PARAR)"
            + $"( {Courtesy})*$")),
        ("stop_contacting", Make(
            "\\b(STOP|QUIT|CEASE) (TEXTING|TXTING|TEXTIN|MESSAGING|MSGING|SPAMMING|CONTACTING|CALLING|BOTHERING"
            + "|HARASSING|BUGGING|PESTERING)\\b")),
        ("stop_sending", Make(
            "\\bSTOP SENDING( ME| US)? (THESE|THIS|THOSE|ANY|YOUR|TEXTS?|TXTS?|MESSAGES?|MSGS?|SMS|SPAM|PROMOS?"
            + "|ADS)\\b")),
        ("stop_messages", Make(
            "^((PLEASE|PLS|PLZ) )?STOP (ALL |THE |THESE |THIS |THOSE |YOUR )?(TEXTS?|TXTS?|MESSAGES?|MSGS?|SMS|SPAM"
            + "|ALERTS|PROMOS?|NOTIFICATIONS)\\b")),
        ("unsubscribe_request", Make(
            "\\b(UNSUBSCRIBE|UNSUB|OPT OUT|OPTOUT) (ME|MY NUMBER|THIS NUMBER)\\b|\\bOPT ME OUT\\b"
            + "|\\b(WANT|LIKE|NEED|WISH) TO (UNSUBSCRIBE|UNSUB|OPT OUT|OPTOUT|BE REMOVED)\\b"
            + "|\\bHOW (DO|CAN) I (UNSUBSCRIBE|UNSUB|OPT OUT|OPTOUT)\\b"
            + "|^((PLEASE|PLS) )?(UNSUBSCRIBE|UNSUB|OPT OUT|OPTOUT)( ME)? FROM\\b"
            + "|\\b(CANCEL|END) (MY )?(SUBSCRIPTION|SUB) (TO )?((THESE|THIS|THE|YOUR) )?"
            + "(TEXTS?|MESSAGES|SMS|ALERTS)\\b")),
        ("remove_me", Make(
            "\\bREMOVE (ME|MY NUMBER|MY NUMBR|THIS NUMBER)\\b|\\bTAKE (ME|MY NUMBER|THIS NUMBER) OFF\\b"
            + "|\\b(DELETE|ERASE|LOSE) (MY|THIS) NUMBER\\b")),
        ("dont_text", Make(
            "\\b(DONT|DO NOT|NEVER)( EVER)? (TEXT|TXT|MESSAGE|MSG|CONTACT|SMS) (ME|US|THIS NUMBER|MY NUMBER)"
            + "( (ANYMORE|ANY MORE|AGAIN|EVER AGAIN|EVER|PLEASE|THANKS|THANK YOU))*$")),
        ("no_more_messages", Make(
            "\\bNO MORE (TEXTS?|TXTS?|MESSAGES?|MSGS?|SMS|SPAM|PROMOS?|ADS)\\b"
            + "|\\bENOUGH (WITH )?((THE|THESE|YOUR) )?(TEXTS|TXTS|MESSAGES|MSGS|SPAM)\\b")),
        ("dont_want_messages", Make(
            "\\bI (DONT|DO NOT|NO LONGER) WANT( TO (RECEIVE|GET))?( ANY MORE| ANYMORE| ANY| THESE| THIS| THOSE| YOUR"
            + "| MORE)* (TEXTS?|TXTS?|MESSAGES?|MSGS|SMS)\\b")),
        ("leave_me_alone", Make("\\bLEAVE ME ALONE\\b")),
        ("wrong_number", Make(
            "\\bWRONG (NUMBER|NUMBR|NUM|PERSON)\\b|\\bNOT MY NUMBER\\b|\\bNUMERO EQUIVOCADO\\b")),
        ("es_no_more_messages", Make("\\bNO MAS (MENSAJES|TEXTOS|SMS)\\b")),
        ("es_dont_send", Make(
            "\\bNO (ME )?(ENVIEN|ENVIES|MANDEN|MANDES|ESCRIBAN|ESCRIBAS|CONTACTEN)( MAS)?( (MENSAJES|TEXTOS|SMS))?"
            + "( POR FAVOR)?$")),
        ("es_stop_sending", Make("\\bDEJ(EN|A|E) DE (ENVIAR|MANDAR|ESCRIBIR|TEXTEAR)(ME|NOS)?\\b")),
        ("es_unsubscribe", Make(
            "\\b(DAR|DARME|DENME|DEME) DE BAJA\\b|\\b(BORRENME|BORRAME|ELIMINENME|ELIMINAME|QUITENME|SAQUENME)\\b"
            + "|\\b(ELIMINEN|BORREN|QUITEN) MI NUMERO\\b")),
        ("es_dont_want_messages", Make("\\bNO QUIERO (RECIBIR )?(MAS )?(MENSAJES|TEXTOS|SMS)\\b")),
    ];

    private static readonly Regex Negation = Make("\\b(DONT|NOT|NEVER|CANT|WONT|CANNOT)( PLEASE)? $");

    /// <summary>Words that make a reply worth counting as ambiguous when no revocation pattern matched.</summary>
    private static readonly Regex OptOutMention = Make(
        "\\b(STOP|STOPALL|UNSUBSCRIBE|UNSUB|OPTOUT|OPT OUT|REVOKE|TEXTING ME|DONT TEXT|NOT INTERESTED)\\b");

    /// <summary>"stop" in senses that have nothing to do with consent.</summary>
    private static readonly Regex BenignStop = Make(
        "\\b(DONT|CANT|WONT|NON|BUS|PIT|ONE|TRUCK|WHICH|A|THE|NEXT|LAST) STOP\\b|\\bSTOP (BY|IN|OVER|AT|FOR|SIGN)\\b");

    /// <summary>The name of the first revocation pattern that matches, or null.</summary>
    public static string? Match(string words)
    {
        if (words.Length == 0)
        {
            return null;
        }

        foreach (var (name, pattern) in Patterns)
        {
            foreach (Match match in pattern.Matches(words))
            {
                if (!Negation.IsMatch(words[..match.Index]))
                {
                    return name;
                }
            }
        }

        return null;
    }

    /// <summary>True when an opt-out word appears outside its everyday senses.</summary>
    public static bool MentionsOptOut(string words) =>
        OptOutMention.IsMatch(BenignStop.Replace(words, " "));

    private static Regex Make(string pattern) => new(pattern, Options);
}
