using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Consent;
using StreamRefiner.Inputs.Contacts;

namespace StreamRefiner.Inputs.Tests;

public sealed class ContactAndConsentTests
{
    private readonly PhoneNormalizer _phones = new("US");

    [Theory]
    [InlineData("+14155552671", false, "+14155552671")]
    [InlineData("+1 (415) 555-2671", false, "+14155552671")]
    [InlineData("(415) 555-2671", false, "+14155552671")]
    [InlineData("whatsapp:+14155552671", false, "+14155552671")]
    [InlineData("447700900001", true, "+447700900001")]
    [InlineData("+447700900001", false, "+447700900001")]
    public void Phone_addresses_normalise_to_e164(string raw, bool international, string expected)
    {
        Assert.Equal(ContactRejection.None, _phones.TryNormalize(raw, international, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("83835", ContactRejection.NotAContact)]
    [InlineData("AcmeInc", ContactRejection.NotAContact)]
    [InlineData("+1A693421974", ContactRejection.Invalid)]
    [InlineData("", ContactRejection.Invalid)]
    [InlineData("+1", ContactRejection.Invalid)]
    public void Short_codes_sender_ids_and_junk_are_not_contacts(string raw, ContactRejection expected)
    {
        Assert.Equal(expected, _phones.TryNormalize(raw, digitsAreInternational: false, out _));
    }

    [Theory]
    [InlineData("STOP", EventType.OptOut)]
    [InlineData(" stop. ", EventType.OptOut)]
    [InlineData("Stop All", EventType.OptOut)]
    [InlineData("opt-out", EventType.OptOut)]
    [InlineData("Opt Out!", EventType.OptOut)]
    [InlineData("unsubscribe", EventType.OptOut)]
    [InlineData("REVOKE", EventType.OptOut)]
    [InlineData("Baja", EventType.OptOut)]
    [InlineData("START", EventType.OptIn)]
    [InlineData("unstop", EventType.OptIn)]
    [InlineData("Yes", EventType.OptIn)]
    [InlineData("HELP", EventType.Help)]
    [InlineData("info?", EventType.Help)]
    [InlineData("Can you stop by tomorrow?", EventType.Reply)]
    [InlineData("What time do you end today", EventType.Reply)]
    [InlineData("Don't stop", EventType.Reply)]
    [InlineData("Stop please", EventType.OptOut)]
    [InlineData("please stop texting me", EventType.OptOut)]
    [InlineData("remove me from this list", EventType.OptOut)]
    [InlineData("don't text me anymore", EventType.OptOut)]
    public void Keywords_and_clear_revocations_decide_consent(string body, EventType expected)
    {
        Assert.Equal(expected, ConsentClassifier.Classify(body).Type);
    }

    [Theory]
    [InlineData("STOP", "keyword")]
    [InlineData("Please stop texting me", "natural_language:stop_contacting")]
    [InlineData("Remove me from this list", "natural_language:remove_me")]
    [InlineData("don't text me anymore", "natural_language:dont_text")]
    [InlineData("Wrong number", "natural_language:wrong_number")]
    [InlineData("Dejen de enviarme mensajes", "natural_language:es_stop_sending")]
    [InlineData("Stop, you're killing me 😂 see you at 5", "ambiguous")]
    [InlineData("Please don't stop texting me", "ambiguous")]
    [InlineData("Can you stop by tomorrow?", "no_keyword")]
    [InlineData("What time do you end today", "no_keyword")]
    public void The_classifier_reports_why(string body, string reason)
    {
        Assert.Equal(reason, ConsentClassifier.Classify(body).Reason);
    }

    [Theory]
    [InlineData("optout", "MessageIntent", EventType.OptOut)]
    [InlineData("optin", "MessageIntent", EventType.OptIn)]
    [InlineData("help", "MessageIntent", EventType.Help)]
    [InlineData("STOP", "autoresponse_type", EventType.OptOut)]
    public void Provider_flags_of_each_provider_are_understood(string flag, string flagName, EventType expected)
    {
        var classification = ConsentClassifier.Classify("whatever the body says", flag, flagName);

        Assert.Equal((expected, $"provider_flag:{flagName}"), (classification.Type, classification.Reason));
    }

    [Fact]
    public void A_provider_flag_wins_over_the_body()
    {
        var classification = ConsentClassifier.Classify("please no more", "STOP", "OptOutType");

        Assert.Equal(EventType.OptOut, classification.Type);
        Assert.Equal("provider_flag:OptOutType", classification.Reason);
    }
}
