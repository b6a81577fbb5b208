using Microsoft.Extensions.Options;
using Prometheus;
using StackExchange.Redis;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Host.Hosting;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
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
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            var message = $"configuration error: {string.Join("; ", e.Failures)}";
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>The worker as a web application, not yet started (tests start and stop it themselves).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;

        services.AddSingleton<SettingsValidator>();
        Bind<KafkaOptions>(services, "Kafka");
        Bind<ContactStoreOptions>(services, "Redis");
        Bind<RecordParserOptions>(services, "Inputs");
        Bind<PipelineOptions>(services, "Pipeline");

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineHealth>();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var config = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<ContactStoreOptions>>().Value.Configuration);

            // Start even while Redis is down: the decide stage backs off and /readyz says why.
            config.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(config);
        });
        services.AddSingleton(sp => new RedisContactStore(sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<ContactStoreOptions>>().Value));
        services.AddSingleton(sp =>
        {
            // Rules are loaded once here; the counters and version gauge are ready for the hot reload.
            var rules = DefaultRules.Create();
            RulesTelemetry.Loaded(rules, "built-in defaults", sp.GetRequiredService<PipelineHealth>(),
                sp.GetRequiredService<ILogger<Decider>>());
            return new Decider(rules);
        });
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
            sp.GetRequiredService<RedisContactStore>(), sp.GetRequiredService<Decider>(),
            sp.GetRequiredService<PipelineHealth>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DecideStage>>()));
        services.AddHostedService<PipelineService>();

        var app = builder.Build();
        BuildInfo.Publish(app.Services.GetRequiredService<ILogger<PipelineService>>());
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

            return ready ? Results.Text("ready") : Results.Text(detail, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }

    private static void Bind<T>(IServiceCollection services, string section)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(sp => (IValidateOptions<T>)(object)sp.GetRequiredService<SettingsValidator>());
    }

    private static T Value<T>(IServiceProvider sp)
        where T : class => sp.GetRequiredService<IOptions<T>>().Value;
}
