using StreamRefiner.Inputs.Formats;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>Format headers, topic pins and consent classification through the real normalise stage.</summary>
[Collection(RedisCollection.Name)]
public sealed class InputFormatsEndToEndTests(RedisServer redis)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Headers_pins_and_natural_language_opt_outs_reach_the_decide_stage()
    {
        using var harness = new PipelineHarness(redis, Now);
        var topics = harness.Kafka.Topics;
        var inputs = new RecordParserOptions();
        inputs.TopicFormats[topics.Consent] = InputFormats.Sinch;
        var ambiguousBefore = PipelineMetrics.AmbiguousReplies.Value;
        harness.Start(inputs);

        // A Telnyx STOP whose header names its format; a Sinch revocation on the topic pinned to Sinch.
        harness.ProduceAndWait(topics.Replies, Telnyx("+12025550111", "STOP", Now.AddHours(-3)), Now.AddHours(-3),
            format: InputFormats.Telnyx);
        harness.ProduceAndWait(topics.Consent, Sinch("12025550112", "please stop texting me", Now.AddHours(-2)),
            Now.AddHours(-2));

        // A reply that only mentions stopping is a reply, counted as ambiguous.
        harness.ProduceAndWait(topics.Replies, Payloads.TwilioInbound("+12025550113", "Stop, you're killing me 😂",
            "SM77"), Now.AddHours(-1));

        // A Twilio body on the Sinch-pinned topic, and a record whose header names no format: dead letters.
        harness.ProduceAndWait(topics.Consent, Payloads.TwilioInbound("+12025550114", "hi", "SM78"), Now);
        harness.ProduceAndWait(topics.Replies, Payloads.TwilioInbound("+12025550115", "hi", "SM79"), Now,
            format: "carrier-pigeon");

        var transitions = harness.ReadTransitions(count: 3, Timeout);
        var deadLetters = harness.ReadDeadLetters(2, Timeout);

        Assert.Contains(transitions, t => t.Contact == "+12025550111" && t.To == "opted_out");
        Assert.Contains(transitions, t => t.Contact == "+12025550112" && t.To == "opted_out");
        Assert.DoesNotContain(transitions, t => t.Contact == "+12025550113" && t.To == "opted_out");
        Assert.Equal(["unknown_format", "unknown_format"], deadLetters.Select(d => d.Reason).Order());

        // The dead letter keeps the original record's headers, for a re-drive.
        var pigeon = Assert.Single(deadLetters, d => d.Json.Contains(topics.Replies, StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(pigeon.Json);
        Assert.Equal("carrier-pigeon", System.Text.Encoding.UTF8.GetString(
            json.RootElement.GetProperty("source_headers").GetProperty("sr-format").GetBytesFromBase64()));
        Assert.True(PipelineMetrics.AmbiguousReplies.Value >= ambiguousBefore + 1);
    }

    private static string Telnyx(string from, string text, DateTimeOffset at) => $$$"""
        {"data":{"record_type":"event","id":"{{{Guid.NewGuid()}}}","event_type":"message.received",
         "occurred_at":"{{{Payloads.Iso(at)}}}","payload":{"id":"{{{Guid.NewGuid()}}}","direction":"inbound",
         "from":{"phone_number":"{{{from}}}"},"to":[{"phone_number":"+13125550100"}],"text":"{{{text}}}"} } }
        """;

    private static string Sinch(string from, string body, DateTimeOffset at) => $$"""
        {"type":"mo_text","id":"{{Guid.NewGuid():N}}","from":"{{from}}","to":"13125550100","body":"{{body}}",
         "received_at":"{{Payloads.Iso(at)}}"}
        """;
}
