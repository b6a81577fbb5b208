using System.Text;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Formats;

namespace StreamRefiner.Inputs.Tests;

/// <summary>Each provider format, with payloads in the documented shapes (made-up numbers and ids).</summary>
public sealed class ProviderFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Landed = new(2026, 3, 2, 15, 30, 0, TimeSpan.Zero);

    private readonly RecordParser _parser = new(new RecordParserOptions(), new FakeTimeProvider(Now));

    [Fact]
    public void Telnyx_received_with_autoresponse_type_is_an_opt_out_by_provider_flag()
    {
        var outcome = Parse(Fixtures.TelnyxReceived);

        var e = Assert.Single(outcome.Events);
        Assert.Equal("telnyx", outcome.Format);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.Equal("provider_flag:autoresponse_type", e.ConsentReason);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal("+13125550100", e.BusinessNumber);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 4, 5, 120, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal(EventClock.Provider, e.Clock);
        Assert.Equal("40317d2e-aaaa-4bbb-8ccc-0123456789ab", e.DedupeKey);
    }

    [Fact]
    public void Telnyx_finalized_delivery_failed_is_a_failure_with_campaign_and_variant_from_tags()
    {
        var e = Assert.Single(Parse(Fixtures.TelnyxFinalized).Events);

        Assert.Equal(EventType.Failed, e.Type);
        Assert.Equal("undelivered", e.FailureReason);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal("+13125550100", e.BusinessNumber);
        Assert.Equal(("spring26", "B"), (e.Campaign, e.Variant));
    }

    [Fact]
    public void Telnyx_variant_tags_never_become_the_campaign_and_recipient_order_does_not_change_dedupe_keys()
    {
        // Regressions: with two variant tags the second one was taken as the campaign; the dedupe key held the
        // recipient's position, so a redelivery listing recipients in another order counted again.
        var tagged = Fixtures.TelnyxFinalized.Replace("[\"spring26\", \"variant-B\"]",
            "[\"variant-B\", \"variant-C\", \"spring26\"]", StringComparison.Ordinal);
        Assert.Contains("variant-C", tagged, StringComparison.Ordinal);
        var twoVariants = Parse(tagged).Events;
        const string two = "[{\"phone_number\":\"+12025550101\",\"status\":\"delivered\"},"
            + "{\"phone_number\":\"+12025550103\",\"status\":\"delivered\"}]";
        const string swapped = "[{\"phone_number\":\"+12025550103\",\"status\":\"delivered\"},"
            + "{\"phone_number\":\"+12025550101\",\"status\":\"delivered\"}]";
        var original = Fixtures.TelnyxFinalized.Replace(
            "[ { \"phone_number\": \"+12025550188\", \"status\": \"delivery_failed\", \"line_type\": \"Wireless\" } ]",
            two, StringComparison.Ordinal);
        var keys = Parse(original).Events.ToDictionary(e => e.Contact, e => e.DedupeKey);
        var swappedKeys = Parse(original.Replace(two, swapped, StringComparison.Ordinal)).Events
            .ToDictionary(e => e.Contact, e => e.DedupeKey);

        Assert.Equal(("spring26", "B"), (Assert.Single(twoVariants).Campaign, twoVariants[0].Variant));
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys, swappedKeys);
    }

    [Fact]
    public void Telnyx_finalized_gives_one_event_per_recipient_status_and_skips_unconfirmed()
    {
        var outcome = Parse("""
            {"data":{"record_type":"event","id":"c0ffee00-0000-4abc-9def-001122334455","event_type":"message.finalized",
              "occurred_at":"2026-03-02T15:00:09.870Z","payload":{"id":"4031aa00-0000-4ccc-8ddd-eeeeffff0000",
              "direction":"outbound","from":{"phone_number":"+13125550100"},
              "to":[{"phone_number":"+12025550101","status":"delivered"},
                    {"phone_number":"+12025550102","status":"delivery_unconfirmed"},
                    {"phone_number":"+12025550103","status":"sending_failed"}],
              "errors":[{"code":"40300","title":"Blocked due to STOP message"}],"future_field":{"x":1}}}}
            """);

        Assert.Collection(outcome.Events,
            e => Assert.Equal((EventType.Delivered, "+12025550101"), (e.Type, e.Contact)),
            e => Assert.Equal((EventType.Failed, "+12025550103", "opted_out"), (e.Type, e.Contact, e.FailureReason)));
    }

    [Fact]
    public void Telnyx_sent_is_a_send_and_other_event_types_produce_nothing()
    {
        var sent = Parse(Fixtures.TelnyxFinalized.Replace("message.finalized", "message.sent",
            StringComparison.Ordinal));
        var other = Parse(Fixtures.TelnyxFinalized.Replace("message.finalized", "call.hangup",
            StringComparison.Ordinal));

        Assert.Equal(EventType.Sent, Assert.Single(sent.Events).Type);
        Assert.Null(other.Rejection);
        Assert.Empty(other.Events);
    }

    [Fact]
    public void A_redelivered_telnyx_webhook_shares_the_dedupe_key_and_event_id()
    {
        var first = Assert.Single(Parse(Fixtures.TelnyxReceived).Events);
        var retry = Assert.Single(Parse(Fixtures.TelnyxReceived.Replace("\"attempt\": 1", "\"attempt\": 2",
            StringComparison.Ordinal)).Events);

        Assert.Equal((first.DedupeKey, first.EventId), (retry.DedupeKey, retry.EventId));
    }

    [Fact]
    public void Vonage_inbound_reads_msisdn_digits_as_international_and_the_push_time()
    {
        var outcome = Parse(Fixtures.VonageInbound);

        var e = Assert.Single(outcome.Events);
        Assert.Equal("vonage_sms", outcome.Format);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.Equal("keyword", e.ConsentReason);
        Assert.Equal("+447700900123", e.Contact);
        Assert.Equal("+447700900456", e.BusinessNumber);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 4, 5, TimeSpan.Zero), e.OccurredAt);
    }

    [Fact]
    public void Vonage_inbound_as_a_form_body_reads_the_same()
    {
        var outcome = Parse("msisdn=447700900123&to=447700900456&messageId=0A00000012345678&text=Stop&type=text"
            + "&keyword=STOP&message-timestamp=2026-03-02+15%3A04%3A05");

        Assert.Equal(EventType.OptOut, Assert.Single(outcome.Events).Type);
        Assert.Equal("vonage_sms", outcome.Format);
    }

    [Fact]
    public void Vonage_concatenated_parts_count_as_one_reply_whatever_their_order()
    {
        var part2 = Parse(VonagePart(2, "0A0000001", "and I can come round at five if that works for you"));
        var part1 = Parse(VonagePart(1, "0A0000000", "Hi, thanks for the reminder about the appointment tomorrow"));
        var part3 = Parse(VonagePart(3, "0A0000002", " see you then"));

        Assert.Empty(part2.Events);
        Assert.Empty(part3.Events);
        Assert.Null(part2.Rejection);
        var reply = Assert.Single(part1.Events);
        Assert.Equal(EventType.Reply, reply.Type);
        Assert.Equal("0A0000000", reply.DedupeKey);
    }

    [Fact]
    public void A_later_vonage_part_that_revokes_consent_is_not_lost()
    {
        var outcome = Parse(VonagePart(2, "0A0000001", "Also please stop texting me"));

        var e = Assert.Single(outcome.Events);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.StartsWith("natural_language:", e.ConsentReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Vonage_receipt_contact_is_msisdn_and_an_alphanumeric_to_is_the_sender_id()
    {
        var e = Assert.Single(Parse(Fixtures.VonageReceipt).Events);

        Assert.Equal(EventType.Delivered, e.Type);
        Assert.Equal("+447700900123", e.Contact);
        Assert.Equal("ACMESHOP", e.BusinessNumber);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 4, 0, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal("spring26-B", e.Campaign);
    }

    [Theory]
    [InlineData("expired", EventType.Failed, "expired")]
    [InlineData("failed", EventType.Failed, "undelivered")]
    [InlineData("accepted", EventType.Sent, null)]
    public void Vonage_receipt_statuses_map_to_canonical_types(string status, EventType type, string? reason)
    {
        var e = Assert.Single(Parse(Fixtures.VonageReceipt.Replace("\"delivered\"", $"\"{status}\"",
            StringComparison.Ordinal)).Events);

        Assert.Equal((type, reason), (e.Type, e.FailureReason));
    }

    [Fact]
    public void Vonage_buffered_receipt_is_read_without_an_event()
    {
        var outcome = Parse(Fixtures.VonageReceipt.Replace("\"delivered\"", "\"buffered\"", StringComparison.Ordinal));

        Assert.Null(outcome.Rejection);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void Vonage_messages_inbound_and_status_read_contacts_from_digits()
    {
        var inbound = Parse("""
            {"channel":"sms","message_uuid":"aaaaaaaa-1111-4222-8333-444444444444","to":"447700900456",
             "from":"447700900123","timestamp":"2026-03-02T15:04:05Z","text":"remove me from this list",
             "sms":{"num_messages":"1","keyword":"REMOVE"},"usage":{"currency":"EUR","price":"0.0"}}
            """);
        var status = Parse("""
            {"message_uuid":"bbbbbbbb-1111-4222-8333-444444444444","to":"447700900123","from":"447700900456",
             "timestamp":"2026-03-02T15:05:00Z","status":"rejected","channel":"sms","client_ref":"spring26",
             "error":{"type":"https://developer.vonage.com/api-errors/messages#1360","title":"1360"}}
            """);

        var reply = Assert.Single(inbound.Events);
        Assert.Equal("vonage_messages", inbound.Format);
        Assert.Equal((EventType.OptOut, "+447700900123"), (reply.Type, reply.Contact));
        var failed = Assert.Single(status.Events);
        Assert.Equal((EventType.Failed, "+447700900123", "expired"),
            (failed.Type, failed.Contact, failed.FailureReason));
        Assert.Equal("spring26", failed.Campaign);
    }

    [Fact]
    public void Plivo_inbound_with_message_intent_is_an_opt_out_by_provider_flag()
    {
        var outcome = Parse(Fixtures.PlivoInbound);

        var e = Assert.Single(outcome.Events);
        Assert.Equal("plivo", outcome.Format);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.Equal("provider_flag:MessageIntent", e.ConsentReason);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal(EventClock.Kafka, e.Clock);
    }

    [Fact]
    public void Plivo_inbound_without_intent_is_classified_from_the_text()
    {
        var e = Assert.Single(Parse("From=12025550188&To=13125550100&Text=Can+you+stop+by+tomorrow%3F&Type=sms"
            + "&MessageUUID=3f1e2d3c-0000-4697-8877-665544332211&MessageIntent=").Events);

        Assert.Equal(EventType.Reply, e.Type);
    }

    [Fact]
    public void Plivo_status_callback_blocked_by_opt_out_has_reason_opted_out_and_the_report_time()
    {
        var e = Assert.Single(Parse("MessageUUID=4a1e2d3c-0000-4697-8877-665544332211&To=12025550188"
            + "&From=13125550100&Status=failed&ErrorCode=200&Units=1&Sequence=2"
            + "&DeliveryReportTime=2026-03-02+15%3A00%3A08.123456").Events);

        Assert.Equal((EventType.Failed, "opted_out"), (e.Type, e.FailureReason));
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 8, 123, TimeSpan.Zero).AddTicks(4560), e.OccurredAt);
    }

    [Fact]
    public void Bandwidth_array_with_several_events_gives_one_canonical_event_each()
    {
        var outcome = Parse(Fixtures.BandwidthArray);

        Assert.Equal("bandwidth", outcome.Format);
        Assert.Collection(outcome.Events,
            e => Assert.Equal((EventType.Reply, "+12025550188", "+13125550100"), (e.Type, e.Contact, e.BusinessNumber)),
            e => Assert.Equal((EventType.Delivered, "+12025550101"), (e.Type, e.Contact)),
            e => Assert.Equal((EventType.Failed, "+12025550102", "spring26-B"), (e.Type, e.Contact, e.Campaign)));
    }

    [Fact]
    public void Bandwidth_dlr_timeout_is_not_a_failure()
    {
        var outcome = Parse(Fixtures.BandwidthArray.Replace("4432", "9902", StringComparison.Ordinal));

        Assert.DoesNotContain(outcome.Events, e => e.Type == EventType.Failed);
        Assert.Equal(2, outcome.Events.Count);
    }

    [Fact]
    public void One_bad_event_in_a_bandwidth_array_rejects_the_whole_record()
    {
        var outcome = Parse(Fixtures.BandwidthArray.Replace("\"to\": \"+12025550102\"", "\"to\": \"+1A693421974\"",
            StringComparison.Ordinal));

        Assert.Equal(RejectReason.InvalidContact, outcome.Rejection);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void A_duplicate_bandwidth_delivery_shares_dedupe_keys()
    {
        var first = Parse(Fixtures.BandwidthArray).Events.Select(e => e.DedupeKey);
        var again = Parse(Fixtures.BandwidthArray).Events.Select(e => e.DedupeKey);

        Assert.Equal(first, again);
        Assert.Equal(3, first.Distinct().Count());
    }

    [Fact]
    public void Sinch_inbound_reads_digits_as_international_and_classifies_natural_language()
    {
        var outcome = Parse(Fixtures.SinchInbound);

        var e = Assert.Single(outcome.Events);
        Assert.Equal("sinch", outcome.Format);
        Assert.Equal(EventType.OptOut, e.Type);
        Assert.Equal("+12025550188", e.Contact);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 4, 5, TimeSpan.Zero), e.OccurredAt);
    }

    [Theory]
    [InlineData("Delivered", EventType.Delivered, null)]
    [InlineData("Dispatched", EventType.Sent, null)]
    [InlineData("Expired", EventType.Failed, "expired")]
    [InlineData("Rejected", EventType.Failed, "other")]
    public void Sinch_recipient_report_maps_status_and_uses_operator_time(string status, EventType type, string? reason)
    {
        var report = Fixtures.SinchReport.Replace("Delivered", status, StringComparison.Ordinal);

        var e = Assert.Single(Parse(report).Events);

        Assert.Equal((type, reason), (e.Type, e.FailureReason));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 8, 150, TimeSpan.Zero), e.OccurredAt);
        Assert.Equal("spring26-B", e.Campaign);
    }

    [Fact]
    public void Sinch_queued_report_is_read_without_an_event()
    {
        var outcome = Parse(Fixtures.SinchReport.Replace("Delivered", "Queued", StringComparison.Ordinal));

        Assert.Null(outcome.Rejection);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void The_sr_format_header_decides_the_format()
    {
        var asPlivo = _parser.Parse(new RawRecord(Bytes(Fixtures.PlivoInbound), Landed, "sms.replies", " Plivo"));
        var asSinch = _parser.Parse(new RawRecord(Bytes(Fixtures.PlivoInbound), Landed, "sms.replies", "sinch"));
        var unknown = _parser.Parse(new RawRecord(Bytes(Fixtures.PlivoInbound), Landed, "sms.replies", "plivoo"));

        Assert.Equal(EventType.OptOut, Assert.Single(asPlivo.Events).Type);
        Assert.Equal(RejectReason.UnknownFormat, asSinch.Rejection);
        Assert.Equal(RejectReason.UnknownFormat, unknown.Rejection);
    }

    [Fact]
    public void A_topic_pinned_format_is_used_for_its_records_and_the_header_still_wins()
    {
        var options = new RecordParserOptions();
        options.TopicFormats["sms.sinch"] = "sinch";
        var parser = new RecordParser(options, new FakeTimeProvider(Now));

        var pinned = parser.Parse(new RawRecord(Bytes(Fixtures.TelnyxReceived), Landed, "sms.sinch"));
        var overridden = parser.Parse(new RawRecord(Bytes(Fixtures.TelnyxReceived), Landed, "sms.sinch", "telnyx"));
        var elsewhere = parser.Parse(new RawRecord(Bytes(Fixtures.TelnyxReceived), Landed, "sms.replies"));

        Assert.Equal((RejectReason.MissingField, "sinch"), (pinned.Rejection, pinned.Format));
        Assert.Single(overridden.Events);
        Assert.Single(elsewhere.Events);
    }

    [Fact]
    public void A_parser_with_a_topic_pinned_to_an_unknown_format_fails_at_start_naming_the_key()
    {
        var options = new RecordParserOptions();
        options.TopicFormats["sms.replies"] = "smoke-signals";

        var error = Assert.Throws<ArgumentException>(() => new RecordParser(options, new FakeTimeProvider(Now)));

        Assert.Contains("Inputs:TopicFormats:sms.replies: got 'smoke-signals'", error.Message,
            StringComparison.Ordinal);
    }

    private static string VonagePart(int part, string messageId, string text) =>
        $"msisdn=447700900123&to=447700900456&messageId={messageId}&text={Uri.EscapeDataString(text)}&type=text"
        + $"&concat=true&concat-ref=7&concat-total=3&concat-part={part}&message-timestamp=2026-03-02+15%3A04%3A05";

    private static byte[] Bytes(string payload) => Encoding.UTF8.GetBytes(payload);

    private ParseOutcome Parse(string payload) => _parser.Parse(new RawRecord(Bytes(payload), Landed));
}
