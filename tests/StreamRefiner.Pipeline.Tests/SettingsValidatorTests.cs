using StreamRefiner.Host.Hosting;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.State;

namespace StreamRefiner.Pipeline.Tests;

public sealed class SettingsValidatorTests
{
    private readonly SettingsValidator _validator = new();

    [Fact]
    public void Defaults_with_bootstrap_servers_are_valid()
    {
        var result = _validator.Validate(null, new KafkaOptions { BootstrapServers = "127.0.0.1:9092,10.0.0.2:9092" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void A_bad_setting_is_reported_with_its_key_value_and_what_was_expected()
    {
        var result = _validator.Validate(null, new KafkaOptions { BootstrapServers = "localhost" });

        Assert.True(result.Failed);
        Assert.Contains("Kafka:BootstrapServers: got 'localhost'; expected host:port", result.FailureMessage,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_topic_pinned_to_an_unknown_format_is_refused_naming_the_key()
    {
        var options = new RecordParserOptions();
        options.TopicFormats["sms.replies"] = "telnyx";
        options.TopicFormats["sms.clicks"] = "twillio";

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Inputs:TopicFormats:sms.clicks: got 'twillio'; expected one of canonical, twilio",
            result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("sms.replies", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_settings_naming_the_same_topic_are_refused()
    {
        var options = new KafkaOptions { BootstrapServers = "127.0.0.1:9092" };
        options.Topics.Transitions = options.Topics.Events;

        var result = _validator.Validate(null, options);

        Assert.Contains("Kafka:Topics:Events and Kafka:Topics:Transitions", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contact_ttl_shorter_than_the_longest_window_is_refused()
    {
        var result = _validator.Validate(null, new ContactStoreOptions { ContactTtlDays = 30 });

        Assert.Contains("Redis:ContactTtlDays: got '30'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_ceiling_below_the_first_delay_is_refused()
    {
        var result = _validator.Validate(null,
            new PipelineOptions { RetryDelayMilliseconds = 1000, MaxRetryDelayMilliseconds = 10 });

        Assert.Contains("Pipeline:MaxRetryDelayMilliseconds", result.FailureMessage, StringComparison.Ordinal);
    }
}
