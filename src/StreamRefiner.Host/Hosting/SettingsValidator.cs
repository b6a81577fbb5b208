using Microsoft.Extensions.Options;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Ledger;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.State;

namespace StreamRefiner.Host.Hosting;

/// <summary>
/// Validates every settings section at start. Each error names the configuration key, the value given and
/// what was expected, so a bad deployment fails fast with a message that says what to fix.
/// </summary>
public sealed class SettingsValidator :
    IValidateOptions<KafkaOptions>,
    IValidateOptions<ContactStoreOptions>,
    IValidateOptions<RecordParserOptions>,
    IValidateOptions<PipelineOptions>,
    IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var errors = new List<string>();
        var servers = options.BootstrapServers.Split(',',
            StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (servers.Length == 0 || servers.Any(s => !IsHostPort(s)))
        {
            errors.Add(Error("Kafka:BootstrapServers", options.BootstrapServers, "host:port[,host:port…]"));
        }

        Require(errors, "Kafka:NormaliseGroupId", options.NormaliseGroupId);
        Require(errors, "Kafka:DecideGroupId", options.DecideGroupId);
        Positive(errors, "Kafka:EventsPartitions", options.EventsPartitions);
        Positive(errors, "Kafka:TopicPartitions", options.TopicPartitions);
        Positive(errors, "Kafka:SessionTimeoutMilliseconds", options.SessionTimeoutMilliseconds);
        var topics = new (string Key, string Value)[]
        {
            ("Kafka:Topics:Clicks", options.Topics.Clicks),
            ("Kafka:Topics:Replies", options.Topics.Replies),
            ("Kafka:Topics:Consent", options.Topics.Consent),
            ("Kafka:Topics:Deliveries", options.Topics.Deliveries),
            ("Kafka:Topics:Events", options.Topics.Events),
            ("Kafka:Topics:Transitions", options.Topics.Transitions),
            ("Kafka:Topics:DeadLetter", options.Topics.DeadLetter),
        };
        foreach (var (key, value) in topics)
        {
            if (string.IsNullOrWhiteSpace(value)
                || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
            {
                errors.Add(Error(key, value, "a Kafka topic name (letters, digits, '.', '_', '-')"));
            }
        }

        foreach (var duplicate in topics.GroupBy(t => t.Value).Where(g => g.Count() > 1))
        {
            errors.Add($"{string.Join(" and ", duplicate.Select(t => t.Key))}: both are '{duplicate.Key}'; " +
                "expected distinct topics");
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, ContactStoreOptions options)
    {
        var errors = new List<string>();
        Require(errors, "Redis:Configuration", options.Configuration);
        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Contains('{')
            || options.KeyPrefix.Contains('}'))
        {
            errors.Add(Error("Redis:KeyPrefix", options.KeyPrefix, "a non-empty prefix without '{' or '}'"));
        }

        if (options.ContactTtlDays < 91)
        {
            errors.Add(Error("Redis:ContactTtlDays",
                options.ContactTtlDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "at least 91 (longer than the 90-day window)"));
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, RecordParserOptions options)
    {
        var errors = new List<string>();
        if (!PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(options.DefaultRegion))
        {
            errors.Add(Error("Inputs:DefaultRegion", options.DefaultRegion,
                "an ISO 3166 region code such as US or GB"));
        }

        Positive(errors, "Inputs:MaxRecordBytes", options.MaxRecordBytes);
        Positive(errors, "Inputs:MaxFutureSkewSeconds", options.MaxFutureSkewSeconds);
        errors.AddRange(options.TopicFormatErrors());
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var errors = new List<string>();
        Positive(errors, "Pipeline:MaxBatchSize", options.MaxBatchSize);
        Positive(errors, "Pipeline:MaxBatchWaitMilliseconds", options.MaxBatchWaitMilliseconds);
        Positive(errors, "Pipeline:WallClockIdleMilliseconds", options.WallClockIdleMilliseconds);
        Positive(errors, "Pipeline:TimerBatchLimit", options.TimerBatchLimit);
        Positive(errors, "Pipeline:RetryDelayMilliseconds", options.RetryDelayMilliseconds);
        if (options.MaxRetryDelayMilliseconds < options.RetryDelayMilliseconds)
        {
            errors.Add(Error("Pipeline:MaxRetryDelayMilliseconds",
                options.MaxRetryDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "at least Pipeline:RetryDelayMilliseconds"));
        }

        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var errors = new List<string>();
        if (!LedgerProviders.IsKnown(options.Provider))
        {
            errors.Add(Error("Ledger:Provider", options.Provider, "sqlite or postgres"));
        }

        try
        {
            _ = options.Provider == LedgerProviders.Postgres
                ? new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString).Host
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            Require(errors, "Ledger:ConnectionString", options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The value is not echoed: a connection string may hold a password.
            errors.Add(Error("Ledger:ConnectionString", "(not shown)",
                $"a {options.Provider} connection string (Key=value;… with keys the provider knows)"));
        }

        if (options.RetentionDays < 0)
        {
            errors.Add(Error("Ledger:RetentionDays",
                options.RetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "0 (keep forever) or a positive number of days"));
        }

        Positive(errors, "Ledger:RetentionIntervalMinutes", options.RetentionIntervalMinutes);
        return Result(errors);
    }

    private static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and < 65536;
    }

    private static void Require(List<string> errors, string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(Error(key, value, "a non-empty value"));
        }
    }

    private static void Positive(List<string> errors, string key, int value)
    {
        if (value <= 0)
        {
            errors.Add(Error(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "a positive number"));
        }
    }

    private static string Error(string key, string value, string expected) =>
        $"{key}: got '{value}'; expected {expected}";

    private static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
