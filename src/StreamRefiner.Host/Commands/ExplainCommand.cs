using System.Data.Common;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamRefiner.Host.Hosting;
using StreamRefiner.Inputs.Contacts;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Ledger;
using StreamRefiner.Ledger.Explain;
using StreamRefiner.State;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// <c>streamrefiner explain CONTACT [--json]</c>: the contact's current segment and why, its windows now, its
/// transition and consent history. Reads Redis and the ledger only, so it works while the worker runs. The
/// output names the contact asked about; it goes to standard output, never to a log.
/// </summary>
public static class ExplainCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var raw = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (raw is null)
        {
            throw new ArgumentException("usage: streamrefiner explain CONTACT [--json]  (any common phone form)");
        }

        var configuration = CliConfiguration.Load(args);
        var validator = new SettingsValidator();
        var inputs = Section<RecordParserOptions>(configuration, "Inputs", o => validator.Validate(null, o));
        var redisOptions = Section<ContactStoreOptions>(configuration, "Redis", o => validator.Validate(null, o));
        var ledgerOptions = Section<LedgerOptions>(configuration, "Ledger", o => validator.Validate(null, o));

        var contact = Contact(raw, inputs.DefaultRegion);

        var redisConfig = ConfigurationOptions.Parse(redisOptions.Configuration);
        redisConfig.AbortOnConnectFail = true;
        ConnectionMultiplexer redis;
        try
        {
            redis = await ConnectionMultiplexer.ConnectAsync(redisConfig).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            await Console.Error.WriteLineAsync($"redis could not be reached: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using var connection = redis;
        var ledger = new SqlLedger(ledgerOptions, TimeProvider.System);
        var explainer = new ContactExplainer(new RedisContactStore(redis, redisOptions), ledger, TimeProvider.System);
        ContactExplanation explanation;
        try
        {
            explanation = await explainer.ExplainAsync(contact, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            await Console.Error.WriteLineAsync(
                $"ledger ({ledgerOptions.Provider}) could not be read: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var json = args.Contains("--json", StringComparer.Ordinal);
        await Console.Out.WriteAsync(json ? ExplainRenderer.Json(explanation) + Environment.NewLine
            : ExplainRenderer.Text(explanation)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The contact key (E.164) of a number written in any common form: <c>+1 202-555-0188</c>,
    /// <c>(202) 555-0188</c> in the default region, <c>tel:+12025550188</c>, <c>whatsapp:+12025550188</c>.
    /// </summary>
    public static string Contact(string raw, string defaultRegion) =>
        new PhoneNormalizer(defaultRegion).TryNormalize(raw, digitsAreInternational: false, out var contact)
            is ContactRejection.None
            ? contact
            : throw new ArgumentException($"'{raw}' is not a phone number a contact can have");

    private static T Section<T>(IConfiguration configuration, string name, Func<T, ValidateOptionsResult> validate)
        where T : class, new()
    {
        var options = new T();
        configuration.GetSection(name).Bind(options);
        var result = validate(options);
        if (result.Failed)
        {
            throw new OptionsValidationException(name, typeof(T), result.Failures);
        }

        return options;
    }
}
