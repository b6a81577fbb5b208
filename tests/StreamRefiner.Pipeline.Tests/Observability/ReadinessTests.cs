using Microsoft.Extensions.Logging;
using StreamRefiner.Pipeline.Observability;

namespace StreamRefiner.Pipeline.Tests.Observability;

[Collection(RedisCollection.Name)]
public sealed class ReadinessTests
{
    [Fact]
    public void Ready_only_with_stages_running_and_joined_dependencies_up_and_rules_loaded()
    {
        var health = new PipelineHealth();
        Assert.False(health.IsReady(out var detail));
        Assert.Equal("no stage started", detail);

        health.Report("decide", running: true, problem: null);
        health.ReportDependency("redis", up: true, null);
        Assert.False(health.IsReady(out detail));
        Assert.Equal("decide: no partitions assigned yet; rules: not loaded", detail);

        health.ReportMembership("decide", joined: true);
        health.ReportRules("default-1");
        Assert.True(health.IsReady(out detail));
        Assert.Equal("ready", detail);

        health.ReportDependency("kafka", up: false, "Local_AllBrokersDown");
        Assert.False(health.IsReady(out detail));
        Assert.Equal("kafka: Local_AllBrokersDown", detail);

        health.ReportDependency("kafka", up: true, null);
        health.Report("decide", running: true, problem: "redis unreachable");
        Assert.False(health.IsReady(out detail));
        Assert.Equal("decide: redis unreachable", detail);

        health.Report("decide", running: true, problem: null);
        health.ReportMembership("decide", joined: false);
        Assert.False(health.IsReady(out _));
    }

    [Fact]
    public void Ready_gauge_follows_readiness()
    {
        var health = new PipelineHealth();
        health.Report("decide", running: true, problem: null);
        health.ReportMembership("decide", joined: true);
        health.ReportRules("default-1");
        Assert.Equal(1, PipelineMetrics.Ready.Value);

        health.ReportDependency("redis", up: false, "RedisConnectionException");
        Assert.Equal(0, PipelineMetrics.Ready.Value);
        Assert.Equal(0, PipelineMetrics.DependencyUp.WithLabels("redis").Value);
    }

    [Fact]
    public void A_dependency_going_down_and_up_is_logged_once_each_way()
    {
        var capture = new CapturingLoggerProvider();
        using var logs = LoggerFactory.Create(b => b.AddProvider(capture));
        var health = new PipelineHealth(logs.CreateLogger<PipelineHealth>());

        health.ReportDependency("redis", up: true, null);
        health.ReportDependency("redis", up: false, "RedisTimeoutException");
        health.ReportDependency("redis", up: false, "RedisTimeoutException");
        health.ReportDependency("redis", up: true, null);
        health.ReportDependency("redis", up: true, null);

        Assert.Equal([1012, 1011, 1012], capture.Lines.Select(l => l.EventId));
    }
}
