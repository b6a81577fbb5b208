using Microsoft.Extensions.Options;
using StreamRefiner.Host.Hosting;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Pipeline.Kafka;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// The same configuration sources as the worker (appsettings.json, environment, arguments), for tools.
/// </summary>
public static class CliConfiguration
{
    public static IConfiguration Load(string[] args) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args.Where(a => a.Contains('=', StringComparison.Ordinal)).ToArray())
        .Build();

    /// <summary>The Kafka section, validated like the worker validates it.</summary>
    public static KafkaOptions Kafka(IConfiguration configuration)
    {
        var options = new KafkaOptions();
        configuration.GetSection("Kafka").Bind(options);
        var result = new SettingsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException("Kafka", typeof(KafkaOptions), result.Failures);
        }

        return options;
    }

    /// <summary>The Inputs section (the record parser's options), validated like the worker validates it.</summary>
    public static RecordParserOptions Inputs(IConfiguration configuration)
    {
        var options = new RecordParserOptions();
        configuration.GetSection("Inputs").Bind(options);
        var result = new SettingsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException("Inputs", typeof(RecordParserOptions), result.Failures);
        }

        return options;
    }
}
