using StreamRefiner.Host.Commands;
using StreamRefiner.Host.Hosting;
using StreamRefiner.Ledger;

namespace StreamRefiner.Pipeline.Tests;

public sealed class ExplainCommandTests
{
    [Theory]
    [InlineData("+12025550188")]
    [InlineData("+1 (202) 555-0188")]
    [InlineData("(202) 555-0188")]
    [InlineData("202.555.0188")]
    [InlineData("tel:+12025550188")]
    [InlineData("whatsapp:+12025550188")]
    public void Explain_reads_a_number_in_any_common_form_as_the_same_contact(string raw)
    {
        Assert.Equal("+12025550188", ExplainCommand.Contact(raw, "US"));
    }

    [Theory]
    [InlineData("AcmeInc")]
    [InlineData("12")]
    public void Explain_refuses_what_is_not_a_contact(string raw)
    {
        var error = Assert.Throws<ArgumentException>(() => ExplainCommand.Contact(raw, "US"));

        Assert.Contains(raw, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_ledger_settings_are_valid()
    {
        var result = new SettingsValidator().Validate(null, new LedgerOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void A_bad_ledger_setting_is_reported_with_its_key_value_and_what_was_expected()
    {
        var result = new SettingsValidator().Validate(null,
            new LedgerOptions { Provider = "mysql", RetentionDays = -1 });

        Assert.True(result.Failed);
        Assert.Contains("Ledger:Provider: got 'mysql'; expected sqlite or postgres", result.FailureMessage,
            StringComparison.Ordinal);
        Assert.Contains("Ledger:RetentionDays: got '-1'; expected 0 (keep forever)", result.FailureMessage,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_the_provider_cannot_read_is_refused_without_echoing_it()
    {
        var result = new SettingsValidator().Validate(null,
            new LedgerOptions { Provider = LedgerProviders.Postgres, ConnectionString = "Password=s3cret;Flavour=x" });

        Assert.Contains("Ledger:ConnectionString: got '(not shown)'; expected a postgres connection string",
            result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.FailureMessage, StringComparison.Ordinal);
    }
}
