using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Deployment.Tests;

/// <summary>k8s/deployment.yaml: probes, port, scrape annotations, references, security and resources.</summary>
public sealed class DeploymentTests
{
    private readonly WorkerDeployment _worker = WorkerDeployment.Load();
    private readonly DockerfileModel _image = DockerfileModel.Load(RepositoryRoot.Combine("docker", "Dockerfile"));

    [Theory]
    [InlineData("livenessProbe", "/healthz")]
    [InlineData("readinessProbe", "/readyz")]
    public void ProbeHitsItsEndpointOnTheContainerPortThatUrlsBinds(string probe, string path)
    {
        var httpGet = YamlPath.Mapping(_worker.Container, probe, "httpGet");

        Assert.Equal(path, YamlPath.Scalar(httpGet, "path"));
        Assert.Equal(UrlsPort(), _worker.ContainerPort(YamlPath.Scalar(httpGet, "port")));
    }

    [Fact]
    public void UrlsBindsEveryInterfaceOnADeclaredContainerPort()
    {
        var urls = new Uri(_worker.EffectiveEnvironment(_image)["Urls"]);

        // 127.0.0.1 (the appsettings.json default) would be unreachable for the kubelet and for Prometheus.
        Assert.Equal("0.0.0.0", urls.Host);
        Assert.Contains(urls.Port, _worker.DeclaredContainerPorts());
        Assert.Equal(urls.Port, _worker.ContainerPort("http"));
    }

    [Fact]
    public void PrometheusScrapesMetricsOnTheContainerPortThatUrlsBinds()
    {
        var annotations = YamlPath.Mapping(_worker.PodTemplate, "metadata", "annotations");

        Assert.Equal("true", YamlPath.Scalar(annotations, "prometheus.io/scrape"));
        Assert.Equal("/metrics", YamlPath.Scalar(annotations, "prometheus.io/path"));
        Assert.Equal(UrlsPort(), _worker.ContainerPort(YamlPath.Scalar(annotations, "prometheus.io/port")));
    }

    [Fact]
    public void SelectorMatchesThePodTemplateLabels()
    {
        var selector = YamlPath.ScalarEntries(
            YamlPath.Mapping(_worker.Deployment.Root, "spec", "selector", "matchLabels"));
        var labels = YamlPath.ScalarEntries(YamlPath.Mapping(_worker.PodTemplate, "metadata", "labels"))
            .ToDictionary(l => l.Key, l => l.Value.Value);

        Assert.NotEmpty(selector);
        Assert.All(selector, s => Assert.Equal(s.Value.Value, labels.GetValueOrDefault(s.Key)));
    }

    [Fact]
    public void RunsTwoReplicasOfTheImageWithTheRunCommand()
    {
        var args = YamlPath.Find(_worker.Container, "args") as YamlSequenceNode;

        Assert.Equal("2", YamlPath.Scalar(_worker.Deployment.Root, "spec", "replicas"));
        Assert.StartsWith("streamrefiner:", YamlPath.Scalar(_worker.Container, "image"), StringComparison.Ordinal);

        // `command` would replace the image's ENTRYPOINT (dotnet streamrefiner.dll); args may only say `run`.
        Assert.Null(YamlPath.Find(_worker.Container, "command"));
        Assert.True(args is null || args.Children.Select(a => ((YamlScalarNode)a).Value).SequenceEqual(["run"]));
    }

    [Fact]
    public void LoadsTheConfigMapAndTakesTheRedisPasswordFromTheSecret()
    {
        var envFrom = YamlPath.Sequence(_worker.Container, "envFrom").Children;
        var password = Assert.Single(_worker.Env(), e => YamlPath.Scalar(e, "name") == "REDIS_PASSWORD");
        var secretKey = YamlPath.Scalar(password, "valueFrom", "secretKeyRef", "key");
        var secretKeys = YamlPath.ScalarEntries(YamlPath.Mapping(_worker.Secret.Root, "stringData"))
            .Select(e => e.Key);

        Assert.Contains(envFrom,
            e => YamlPath.OptionalScalar(e, "configMapRef", "name") == WorkerDeployment.ConfigMapName);
        Assert.Equal(WorkerDeployment.SecretName, YamlPath.Scalar(password, "valueFrom", "secretKeyRef", "name"));
        Assert.Contains(secretKey, secretKeys);
    }

    [Fact]
    public void RedisConfigurationCarriesThePasswordDeclaredBeforeIt()
    {
        var env = _worker.Env().Select(e => YamlPath.Scalar(e, "name")).ToList();
        var configuration = _worker.EffectiveEnvironment(_image)["Redis__Configuration"];

        // Kubernetes expands $(NAME) only from variables declared earlier; otherwise it passes the text on as is.
        Assert.Contains("password=$(REDIS_PASSWORD)", configuration, StringComparison.Ordinal);
        var password = env.IndexOf("REDIS_PASSWORD");
        Assert.True(password >= 0 && password < env.IndexOf("Redis__Configuration"),
            $"REDIS_PASSWORD must come before Redis__Configuration in env; order is {string.Join(", ", env)}");
    }

    [Fact]
    public void EveryVariableReferenceNamesAVariableDeclaredEarlier()
    {
        var declared = _worker.ConfigMapData().Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var env in _worker.Env())
        {
            var value = YamlPath.OptionalScalar(env, "value") ?? string.Empty;
            foreach (var reference in WorkerEnvironment.References(value))
            {
                Assert.True(declared.Contains(reference),
                    $"{YamlPath.Scalar(env, "name")} refers to $({reference}), which is not declared before it");
            }

            declared.Add(YamlPath.Scalar(env, "name"));
        }
    }

    [Fact]
    public void PodRunsAsNonRootWithoutPrivilegeEscalation()
    {
        var pod = YamlPath.Mapping(_worker.PodSpec, "securityContext");
        var container = YamlPath.Find(_worker.Container, "securityContext") as YamlMappingNode;
        var runAsUser = YamlPath.OptionalScalar(pod, "runAsUser");

        Assert.Equal("true", YamlPath.Scalar(pod, "runAsNonRoot"));
        Assert.True(runAsUser is null || runAsUser != "0", "runAsUser 0 contradicts runAsNonRoot");
        Assert.NotNull(container);
        Assert.Equal("false", YamlPath.Scalar(container, "allowPrivilegeEscalation"));
    }

    [Fact]
    public void GivesTheWorker30SecondsToFinishItsBatchOnShutdown()
    {
        Assert.Equal("30", YamlPath.Scalar(_worker.PodSpec, "terminationGracePeriodSeconds"));
    }

    [Fact]
    public void RequestsAndLimitsCpuAndMemory()
    {
        var resources = YamlPath.Mapping(_worker.Container, "resources");

        Assert.All(new[] { "requests", "limits" }, section => Assert.All(new[] { "cpu", "memory" },
            resource => Assert.NotEmpty(YamlPath.Scalar(resources, section, resource))));
    }

    private int UrlsPort() =>
        new Uri(_worker.EffectiveEnvironment(_image)["Urls"]).Port;
}
