using Microsoft.Extensions.Options;
using Prometheus;
using StackExchange.Redis;
using StreamRefiner.Host.Hosting;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Ledger;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Pipeline.Ledger;
using StreamRefiner.Pipeline.Normalise;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.State;

namespace StreamRefiner.Host.Commands;

/// <summary><c>streamrefiner run</c>: the worker, with <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var app = Build(args);

            // Check every settings section before the host starts, so a bad value is one clear line, not a
            // host start-up failure with a stack trace.
            _ = Value<KafkaOptions>(app.Services);
            _ = Value<ContactStoreOptions>(app.Services);
            _ = Value<RecordParserOptions>(app.Services);
            _ = Value<PipelineOptions>(app.Services);
            _ = Value<LedgerOptions>(app.Services);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            var message = $"configuration error: {string.Join("; ", e.Failures)}";
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return 2;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value",
            StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"configuration error: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>The worker as a web application, not yet started (tests start and stop it themselves).</summary>
    public static WebApplication Build(string[] args)
    {
        // appsettings.json is read from where the program is installed, whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var services = builder.Services;

        services.AddSingleton<SettingsValidator>();
        Bind<KafkaOptions>(services, "Kafka");
        Bind<ContactStoreOptions>(services, "Redis");
        Bind<RecordParserOptions>(services, "Inputs");
        Bind<PipelineOptions>(services, "Pipeline");
        Bind<LedgerOptions>(services, "Ledger");

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineHealth>();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var config = ConfigurationOptions.Parse(Value<ContactStoreOptions>(sp).Configuration);

            // Start even while Redis is down: the decide stage backs off and /readyz says why.
            config.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(config);
        });
        services.AddSingleton(sp => new RedisContactStore(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<ContactStoreOptions>>().Value));
        var rulesOptions = new RulesOptions();
        builder.Configuration.GetSection("Rules").Bind(rulesOptions);
        if (rulesOptions.ReloadSeconds < 0)
        {
            throw new OptionsValidationException("Rules", typeof(RulesOptions),
                [$"Rules:ReloadSeconds: got '{rulesOptions.ReloadSeconds}'; expected 0 (no reload) or more"]);
        }
        services.AddSingleton(rulesOptions);
        services.AddSingleton(sp => RulesSource.Load(rulesOptions, sp.GetRequiredService<PipelineHealth>(),
            sp.GetRequiredService<ILogger<RulesSource>>()));
        services.AddSingleton(sp => sp.GetRequiredService<RulesSource>().Holder);
        services.AddHostedService<RulesReloadService>();
        services.AddSingleton(sp => new SqlLedger(Value<LedgerOptions>(sp), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILedgerWriter>(sp => sp.GetRequiredService<SqlLedger>());
        services.AddSingleton(sp => new DependencyProbe(Value<KafkaOptions>(sp),
            sp.GetRequiredService<RedisContactStore>(), sp.GetRequiredService<PipelineHealth>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DependencyProbe>>(),
            TimeSpan.FromSeconds(2)));
        services.AddHostedService<ProbeService>();
        services.AddSingleton(sp => new RecordParser(sp.GetRequiredService<IOptions<RecordParserOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new NormaliseStage(Value<KafkaOptions>(sp), Value<PipelineOptions>(sp),
            sp.GetRequiredService<RecordParser>(), sp.GetRequiredService<PipelineHealth>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<NormaliseStage>>()));
        services.AddSingleton(sp => new DecideStage(Value<KafkaOptions>(sp), Value<PipelineOptions>(sp),
            sp.GetRequiredService<RedisContactStore>(), sp.GetRequiredService<DeciderHolder>(),
            sp.GetRequiredService<PipelineHealth>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DecideStage>>(), sp.GetRequiredService<ILedgerWriter>())
        {
            MaxFutureSkew = TimeSpan.FromSeconds(Value<RecordParserOptions>(sp).MaxFutureSkewSeconds),
        });
        services.AddHostedService<PipelineService>();
        services.AddHostedService(sp => new LedgerRetentionService(sp.GetRequiredService<SqlLedger>(),
            Value<LedgerOptions>(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LedgerRetentionService>>()));

        var app = builder.Build();
        BuildInfo.Publish(app.Services.GetRequiredService<ILogger<PipelineService>>());

        // Load the rules before anything starts: the worker refuses to run on a rules file with errors.
        app.Services.GetRequiredService<RulesSource>();
        app.MapMetrics("/metrics");

        // Liveness: the process serves HTTP. Readiness: see PipelineHealth (stages, partitions, Redis, Kafka, rules).
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (PipelineHealth health, IConnectionMultiplexer redis) =>
        {
            var ready = health.IsReady(out var detail);
            if (!redis.IsConnected)
            {
                ready = false;
                detail = detail == "ready" ? "redis: not connected" : $"{detail}; redis: not connected";
            }

            return ready
                ? Results.Text("ready")
                : Results.Text(detail, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    private static void Bind<T>(IServiceCollection services, string section)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(
            sp => (IValidateOptions<T>)(object)sp.GetRequiredService<SettingsValidator>());
    }

    private static T Value<T>(IServiceProvider sp)
        where T : class => sp.GetRequiredService<IOptions<T>>().Value;
}
