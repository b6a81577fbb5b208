namespace StreamRefiner.Deployment.Tests;

/// <summary>
/// The environment the manifests set against the configuration keys of src/StreamRefiner.Host/appsettings.json:
/// a renamed or misspelled setting would be silently ignored by the worker, so it fails here instead.
/// </summary>
public sealed class ConfigurationKeyTests
{
    private readonly AppSettings _settings = AppSettings.Load();
    private readonly WorkerDeployment _worker = WorkerDeployment.Load();

    [Fact]
    public void EveryConfigMapKeyIsASettingInAppsettings()
    {
        var unknown = _worker.ConfigMapData()
            .Select(d => d.Key)
            .Where(name => !_settings.HasSetting(AppSettings.KeyOfEnvironmentVariable(name)))
            .ToList();

        Assert.NotEmpty(_worker.ConfigMapData());
        Assert.True(unknown.Count == 0,
            $"ConfigMap keys with no setting in appsettings.json: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void EveryDeploymentEnvVarIsASettingOrOnlyFeedsAnotherVariable()
    {
        var env = _worker.Env().Select(e => YamlPath.Scalar(e, "name")).ToList();
        var referenced = _worker.Env()
            .SelectMany(e => WorkerEnvironment.References(YamlPath.OptionalScalar(e, "value") ?? string.Empty))
            .ToHashSet(StringComparer.Ordinal);
        var unknown = env
            .Where(name => !referenced.Contains(name))
            .Where(name => !_settings.HasSetting(AppSettings.KeyOfEnvironmentVariable(name)))
            .ToList();

        Assert.True(unknown.Count == 0, $"env entries that set no setting: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ConfigMapTopicNamesAreTheAppsettingsDefaults()
    {
        var topics = _worker.ConfigMapData()
            .Where(d => d.Key.StartsWith("Kafka__Topics__", StringComparison.Ordinal))
            .ToList();
        var defaults = _settings.Keys.Where(k => k.StartsWith("Kafka:Topics:", StringComparison.OrdinalIgnoreCase));

        Assert.Equal(defaults.Count(), topics.Count);
        Assert.All(topics, topic => Assert.Equal(
            _settings.Value(AppSettings.KeyOfEnvironmentVariable(topic.Key)), topic.Value.Value));
    }

    [Fact]
    public void NoConfigMapKeyIsOverriddenByTheDeploymentEnv()
    {
        // env wins over envFrom: a key in both would make the ConfigMap's value dead text.
        var env = _worker.Env().Select(e => YamlPath.Scalar(e, "name")).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.DoesNotContain(_worker.ConfigMapData(), d => env.Contains(d.Key));
    }

    [Fact]
    public void KafkaAndRedisPointAtInClusterServices()
    {
        var image = DockerfileModel.Load(RepositoryRoot.Combine("docker", "Dockerfile"));
        var environment = _worker.EffectiveEnvironment(image);

        Assert.Equal("kafka-bootstrap.kafka.svc:9092", environment["Kafka__BootstrapServers"]);
        Assert.StartsWith(
            "redis.streamrefiner.svc:6379,", environment["Redis__Configuration"], StringComparison.Ordinal);
    }
}
