using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Formats;

namespace StreamRefiner.Inputs.Tests;

public sealed class RecordParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Landed = new(2026, 3, 2, 15, 4, 5, TimeSpan.Zero);

    private readonly RecordParser _parser = new(new RecordParserOptions(), new FakeTimeProvider(Now));

    [Fact]
    public void Twilio_inbound_form_body_with_opt_out_flag_is_an_opt_out_on_the_kafka_clock()
    {
        var outcome = Parse("""
            ToCountry=US&ToState=IL&SmsMessageSid=SM0c1d2e3f405162738495a6b7c8d9e0f1&NumMedia=0&ToCity=CHICAGO&FromZip=&SmsSid=SM0c1d2e3f405162738495a6b7c8d9e0f1&FromState=DC&SmsStatus=received&FromCity=&Body=Stop&FromCountry=US&To=%2B13125550100&MessagingServiceSid=MG00112233445566778899aabbccddeeff&ToZip=&NumSegments=1&MessageSid=SM0c1d2e3f405162738495a6b7c8d9e0f1&AccountSid=AC0f0e0d0c0b0a09080706050403020100&From=%2B12025550188&ApiVersion=2010-04-01&OptOutType=STOP
            """);

        var e = Assert.Single(outcome.Events);
        Assert.Equal("twilio_form", outcome.Format);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal("+13125550100", e.BusinessNumber);
        Assert.Equal(Landed, e.OccurredAt);
        Assert.Equal(EventClock.Kafka, e.Clock);
        Assert.Equal("STOP", e.Keyword);
        Assert.Equal("SM0c1d2e3f405162738495a6b7c8d9e0f1", e.DedupeKey);
    }

    [Fact]
    public void Twilio_inbound_body_is_form_decoded_before_classification()
    {
        var outcome = Parse("MessageSid=SM1&From=%2B12025550188&To=%2B13125550100&Body=Can+you+stop+by%3F+%F0%9F%98%80+%26+bring+%2B1");

        var e = Assert.Single(outcome.Events);
        Assert.Equal(EventType.Reply, e.Type);
        Assert.Null(e.Keyword);
    }

    [Fact]
    public void Twilio_inbound_as_json_object_of_the_same_keys_reads_the_same()
    {
        var outcome = Parse("""
            {"MessageSid":"SM1","From":"+12025550188","To":"+13125550100","Body":" stop. ","NumMedia":0,"SmsStatus":"received"}
            """);

        var e = Assert.Single(outcome.Events);
        Assert.Equal("twilio_json", outcome.Format);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.Equal("STOP", e.Keyword);
    }

    [Fact]
    public void Twilio_delivered_callback_uses_the_carrier_done_date()
    {
        var outcome = Parse("AccountSid=AC1&From=%2B13125550100&MessageSid=SM9&MessageStatus=delivered&RawDlrDoneDate=2603021506&SmsSid=SM9&SmsStatus=delivered&To=%2B12025550188");

        var e = Assert.Single(outcome.Events);
        Assert.Equal(EventType.Delivered, e.Type);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 6, 0, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal(EventClock.Provider, e.Clock);
        Assert.Equal("SM9:delivered", e.DedupeKey);
    }

    [Fact]
    public void Twilio_undelivered_to_a_landline_is_a_failure_with_reason_landline()
    {
        var outcome = Parse("AccountSid=AC1&ErrorCode=30006&From=%2B13125550100&MessageSid=SM9&MessageStatus=undelivered&To=%2B12025550188");

        var e = Assert.Single(outcome.Events);
        Assert.Equal(EventType.Failed, e.Type);
        Assert.Equal("landline", e.FailureReason);
        Assert.Equal("SM9:undelivered:30006", e.DedupeKey);
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("sending")]
    [InlineData("accepted")]
    public void Twilio_intermediate_statuses_are_read_but_produce_no_event(string status)
    {
        var outcome = Parse($"AccountSid=AC1&From=%2B13125550100&MessageSid=SM9&MessageStatus={status}&To=%2B12025550188");

        Assert.Null(outcome.Rejection);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void Twilio_link_click_cloudevent_is_a_click_at_click_time()
    {
        var outcome = Parse(Click("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15"));

        var e = Assert.Single(outcome.Events);
        Assert.Equal("twilio_cloudevent", outcome.Format);
        Assert.Equal(EventType.Click, e.Type);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 12, 41, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal(EventClock.Provider, e.Clock);
        Assert.Equal("NOa1b2c3d4e5f60718293a4b5c6d7e8f90", e.DedupeKey);
    }

    [Fact]
    public void A_click_by_a_preview_bot_is_not_engagement()
    {
        var outcome = Parse(Click("Mozilla/5.0 (compatible; Google-PageRenderer; +https://developers.google.com/)"));

        Assert.Equal(EventType.LinkPreview, Assert.Single(outcome.Events).Type);
    }

    [Fact]
    public void Twilio_event_streams_inbound_uses_the_provider_timestamp()
    {
        var outcome = Parse("""
            {"specversion":"1.0","type":"com.twilio.messaging.inbound-message.received","id":"EZ1","time":"2026-03-02T15:04:05.120Z",
             "data":{"messageSid":"SM1","timestamp":"2026-03-02T15:04:05.000Z","from":"+12025550188","to":"+13125550100","body":"Yes please"}}
            """);

        var e = Assert.Single(outcome.Events);
        Assert.Equal(EventType.Reply, e.Type);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 4, 5, TimeSpan.Zero), e.OccurredAt);
    }

    [Fact]
    public void Canonical_json_without_occurred_at_falls_back_to_the_kafka_clock()
    {
        var outcome = Parse("""{"type":"click","contact":"+1 (202) 555-0188","campaign":"spring","variant":"B"}""");

        var e = Assert.Single(outcome.Events);
        Assert.Equal("canonical", outcome.Format);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal(Landed, e.OccurredAt);
        Assert.Equal(EventClock.Kafka, e.Clock);
        Assert.Equal(("spring", "B"), (e.Campaign, e.Variant));
    }

    [Fact]
    public void Canonical_reply_body_is_classified_and_not_kept()
    {
        var outcome = Parse("""{"type":"reply","contact":"+12025550188","occurred_at":"2026-03-01T10:00:00Z","body":"UNSUBSCRIBE"}""");

        var e = Assert.Single(outcome.Events);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.Equal("UNSUBSCRIBE", e.Keyword);
    }

    [Fact]
    public void The_same_payload_gets_the_same_event_id()
    {
        var first = Assert.Single(Parse(Click("x")).Events);
        var second = Assert.Single(Parse(Click("x")).Events);

        Assert.Equal(first.EventId, second.EventId);
    }

    [Theory]
    [InlineData("{\"specversion\":\"1.0\",\"type\":", RejectReason.MalformedJson)]
    [InlineData("status: delivered to somebody", RejectReason.UnknownFormat)]
    [InlineData("{\"hello\":\"world\"}", RejectReason.UnknownFormat)]
    [InlineData("MessageSid=SM1&From=%2B1A693421974&Body=hi", RejectReason.InvalidContact)]
    [InlineData("MessageSid=SM1&From=83835&Body=promo", RejectReason.NotAContact)]
    [InlineData("MessageSid=SM1&From=AcmeInc&Body=promo", RejectReason.NotAContact)]
    [InlineData("{\"type\":\"click\",\"contact\":\"+12025550188\",\"occurred_at\":\"2027-01-01T00:00:00Z\"}", RejectReason.FutureEvent)]
    [InlineData("{\"type\":\"click\",\"contact\":\"+12025550188\",\"occurred_at\":\"last tuesday\"}", RejectReason.InvalidTime)]
    [InlineData("{\"type\":\"teleport\",\"contact\":\"+12025550188\"}", RejectReason.UnknownFormat)]
    [InlineData("{\"type\":\"click\"}", RejectReason.UnknownFormat)]
    [InlineData("{\"type\":\"click\",\"contact\":\"\"}", RejectReason.MissingField)]
    [InlineData("", RejectReason.UnknownFormat)]
    public void Bad_records_are_rejected_with_their_reason(string payload, RejectReason reason)
    {
        var outcome = Parse(payload);

        Assert.Equal(reason, outcome.Rejection);
        Assert.Empty(outcome.Events);
        Assert.DoesNotContain("555", outcome.Detail ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversize_record_is_rejected_before_parsing()
    {
        var outcome = Parse("{\"type\":\"click\",\"contact\":\"+12025550188\",\"pad\":\"" + new string('x', 70_000) + "\"}");

        Assert.Equal(RejectReason.Oversize, outcome.Rejection);
    }

    private static string Click(string agent) => $$$"""
        {"specversion":"1.0","type":"com.twilio.daptbt.link-shortening.link-clicked","source":"AB5a","id":"NOa1b2c3d4e5f60718293a4b5c6d7e8f90",
         "data":{"message_sid":"SM9","to":"+12025550188","from":"+13125550100","link":"https://shop.example.com/",
                 "click_time":"2026-03-02T15:12:41.000Z","user_agent":"{{{agent}}}"}}
        """;

    private ParseOutcome Parse(string payload) =>
        _parser.Parse(new RawRecord(Encoding.UTF8.GetBytes(payload), Landed));
}
