using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Formats;

namespace StreamRefiner.Inputs.Tests;

/// <summary>The edge cases the provider reference lists for tests (its section 7.2), across formats.</summary>
public sealed class EdgeCaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Landed = new(2026, 3, 2, 15, 30, 0, TimeSpan.Zero);

    private readonly RecordParser _parser = new(new RecordParserOptions(), new FakeTimeProvider(Now));

    [Fact]
    public void Form_decoding_keeps_plus_signs_ampersands_and_emoji_in_a_body()
    {
        var fields = FormBody.Parse("Body=Can+you+stop+by%3F+%F0%9F%98%80+%26+bring+%2B1&From=%2B12025550188");

        Assert.Equal("Can you stop by? 😀 & bring +1", fields["Body"]);
        Assert.Equal("+12025550188", fields["From"]);
    }

    [Fact]
    public void A_redelivered_twilio_status_shares_the_dedupe_key_and_a_later_status_does_not()
    {
        var delivered = Assert.Single(Parse(Fixtures.TwilioStatus).Events);
        var again = Assert.Single(Parse(Fixtures.TwilioStatus).Events);
        var sentLate = Assert.Single(Parse(Fixtures.TwilioStatus
            .Replace("MessageStatus=undelivered", "MessageStatus=sent", StringComparison.Ordinal)
            .Replace("&ErrorCode=30003", string.Empty, StringComparison.Ordinal)).Events);

        Assert.Equal(delivered.EventId, again.EventId);
        Assert.NotEqual(delivered.DedupeKey, sentLate.DedupeKey);
        Assert.Equal("unreachable", delivered.FailureReason);
    }

    [Theory]
    [InlineData("stop", "STOP")]
    [InlineData(" Stop. ", "STOP")]
    [InlineData("STOP ALL", "STOP ALL")]
    [InlineData("Opt out", "OPT OUT")]
    [InlineData("optout", "OPTOUT")]
    [InlineData("REVOKE", "REVOKE")]
    public void Stop_variants_from_a_handset_are_opt_outs_with_the_keyword(string body, string keyword)
    {
        var e = Assert.Single(Parse(Inbound("%2B12025550188", body)).Events);

        Assert.Equal((EventType.OptOut, keyword, "keyword"), (e.Type, e.Keyword, e.ConsentReason));
    }

    [Fact]
    public void Stop_texting_me_is_an_opt_out_and_dont_stop_is_not()
    {
        var revoke = Assert.Single(Parse(Inbound("%2B12025550188", "Stop texting me")).Events);
        var keep = Assert.Single(Parse(Inbound("%2B12025550188", "Don't stop")).Events);

        Assert.Equal(EventType.OptOut, revoke.Type);
        Assert.Null(revoke.Keyword);
        Assert.Equal(EventType.Reply, keep.Type);
    }

    [Fact]
    public void Stop_from_a_short_code_sender_is_not_a_contact()
    {
        Assert.Equal(RejectReason.NotAContact, Parse(Inbound("83835", "STOP")).Rejection);
    }

    [Theory]
    [InlineData("START", "START")]
    [InlineData("Yes", "YES")]
    public void Start_and_yes_are_opt_ins_with_their_keyword_for_the_decider(string body, string keyword)
    {
        var e = Assert.Single(Parse(Inbound("%2B12025550188", body)).Events);

        Assert.Equal((EventType.OptIn, keyword), (e.Type, e.Keyword));
    }

    [Theory]
    [InlineData("%2B12025550188", "+12025550188")]
    [InlineData("(202)+555-0188", "+12025550188")]
    [InlineData("2025550188", "+12025550188")]
    [InlineData("whatsapp%3A%2B12025550188", "+12025550188")]
    [InlineData("%2B447700900123", "+447700900123")]
    public void Twilio_from_addresses_in_every_common_form_become_e164(string from, string contact)
    {
        Assert.Equal(contact, Assert.Single(Parse(Inbound(from, "hi")).Events).Contact);
    }

    [Theory]
    [InlineData("AcmeInc", RejectReason.NotAContact)]
    [InlineData("%2B1A693421974", RejectReason.InvalidContact)]
    [InlineData("%2B1", RejectReason.InvalidContact)]
    [InlineData("", RejectReason.MissingField)]
    public void Addresses_that_are_not_contacts_are_rejected_with_a_reason(string from, RejectReason reason)
    {
        Assert.Equal(reason, Parse(Inbound(from, "hi")).Rejection);
    }

    [Fact]
    public void National_numbers_are_read_in_the_configured_default_region()
    {
        var parser = new RecordParser(new RecordParserOptions { DefaultRegion = "GB" }, new FakeTimeProvider(Now));

        var outcome = parser.Parse(new RawRecord(Encoding.UTF8.GetBytes(Inbound("07700+900123", "hi")), Landed));

        Assert.Equal("+447700900123", Assert.Single(outcome.Events).Contact);
    }

    [Fact]
    public void Digits_without_plus_from_sinch_are_international_even_outside_the_default_region()
    {
        var e = Assert.Single(Parse(Fixtures.SinchInbound.Replace("\"12025550188\"", "\"447700900123\"",
            StringComparison.Ordinal)).Events);

        Assert.Equal("+447700900123", e.Contact);
    }

    [Fact]
    public void The_consent_reason_survives_the_canonical_json_round_trip()
    {
        var e = Assert.Single(Parse(Fixtures.SinchInbound).Events);

        var back = CanonicalEventJson.Deserialize(CanonicalEventJson.Serialize(e));

        Assert.Equal("natural_language:remove_me", back.ConsentReason);
        Assert.Equal(e, back);
    }

    [Fact]
    public void A_provider_event_beyond_the_future_skew_is_rejected()
    {
        var outcome = Parse(Fixtures.SinchReport.Replace("2026-03-02T15:00:08.150Z", "2026-03-03T15:00:00Z",
            StringComparison.Ordinal));

        Assert.Equal(RejectReason.FutureEvent, outcome.Rejection);
    }

    [Fact]
    public void An_unreadable_provider_time_is_rejected_as_invalid_time()
    {
        var outcome = Parse(Fixtures.VonageReceipt.Replace("2603021504", "26-03-02", StringComparison.Ordinal));

        Assert.Equal(RejectReason.InvalidTime, outcome.Rejection);
    }

    [Theory]
    [InlineData("click", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)", EventType.Click)]
    [InlineData("preview", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)", EventType.LinkPreview)]
    [InlineData("click", "facebookexternalhit/1.1 Facebot Twitterbot/1.0", EventType.LinkPreview)]
    public void Twilio_click_webhook_previews_and_preview_bots_are_not_engagement(string kind, string agent,
        EventType expected)
    {
        var outcome = Parse($$"""
            {"event_type":"{{kind}}","sms_sid":"SM9a8b7c6d5e4f30211203f4e5d6c7b8a9","to":"+12025550188",
             "from":"+13125550100","link":"https://shop.example.com/spring","click_time":"2026-03-02T15:12:41.000Z",
             "messaging_service_sid":"MG00112233445566778899aabbccddeeff","user_agent":"{{agent}}"}
            """);

        var e = Assert.Single(outcome.Events);
        Assert.Equal(("twilio_click", expected, "+12025550188"), (outcome.Format, e.Type, e.Contact));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 12, 41, TimeSpan.Zero), e.OccurredAt);
    }

    [Fact]
    public void A_record_that_is_not_utf8_is_rejected_as_malformed()
    {
        var bytes = Encoding.UTF8.GetBytes(Fixtures.SinchInbound);
        bytes[Fixtures.SinchInbound.IndexOf("Remove", StringComparison.Ordinal)] = 0xDD;

        var outcome = _parser.Parse(new RawRecord(bytes, Landed));

        Assert.Equal((RejectReason.MalformedJson, "record is not valid UTF-8"), (outcome.Rejection, outcome.Detail));
    }

    private static string Inbound(string from, string body) =>
        $"MessageSid=SM0c1d2e3f405162738495a6b7c8d9e0f1&SmsStatus=received&From={from}&To=%2B13125550100"
        + $"&Body={Uri.EscapeDataString(body)}";

    private ParseOutcome Parse(string payload) =>
        _parser.Parse(new RawRecord(Encoding.UTF8.GetBytes(payload), Landed));
}
