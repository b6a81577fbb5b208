using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Deployment.Tests;

/// <summary>
/// The streamrefiner Deployment with what it refers to: its one container, the ConfigMap it loads with envFrom,
/// and the environment the process ends up with (image ENV, then the ConfigMap, then env, as Kubernetes and
/// Docker layer them).
/// </summary>
internal sealed class WorkerDeployment
{
    public const string Name = "streamrefiner";
    public const string ConfigMapName = "streamrefiner-config";
    public const string SecretName = "streamrefiner-secrets";

    private WorkerDeployment(KubernetesObject deployment, KubernetesObject configMap, KubernetesObject secret)
    {
        Deployment = deployment;
        ConfigMap = configMap;
        Secret = secret;
        PodTemplate = YamlPath.Mapping(deployment.Root, "spec", "template");
        PodSpec = YamlPath.Mapping(PodTemplate, "spec");

        var containers = YamlPath.Sequence(PodSpec, "containers").Children;
        Container = containers.Count == 1
            ? (YamlMappingNode)containers[0]
            : throw new InvalidOperationException($"expected one container in {deployment}, found {containers.Count}");
    }

    public KubernetesObject Deployment { get; }

    public KubernetesObject ConfigMap { get; }

    public KubernetesObject Secret { get; }

    public YamlMappingNode PodTemplate { get; }

    public YamlMappingNode PodSpec { get; }

    public YamlMappingNode Container { get; }

    public static WorkerDeployment Load() => new(
        Manifests.Single("Deployment", Name),
        Manifests.Single("ConfigMap", ConfigMapName),
        Manifests.Single("Secret", SecretName));

    /// <summary>The container's env entries in declaration order (order matters for $(NAME) expansion).</summary>
    public IReadOnlyList<YamlMappingNode> Env() =>
        YamlPath.Find(Container, "env") is YamlSequenceNode env ? env.Children.Cast<YamlMappingNode>().ToList() : [];

    /// <summary>The ConfigMap's data entries.</summary>
    public IReadOnlyList<KeyValuePair<string, YamlScalarNode>> ConfigMapData() =>
        YamlPath.ScalarEntries(YamlPath.Mapping(ConfigMap.Root, "data"));

    /// <summary>
    /// The variables the process sees, later sources winning: the image's ENV, the ConfigMap (envFrom), then env.
    /// Values from secrets read as "(secret)"; $(NAME) references are left as written.
    /// </summary>
    public IReadOnlyDictionary<string, string> EffectiveEnvironment(DockerfileModel image)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in image.Final.All("ENV"))
        {
            foreach (var (name, value) in env.EnvVariables())
            {
                environment[name] = value;
            }
        }

        var loadsConfigMap = YamlPath.Find(Container, "envFrom") is YamlSequenceNode envFrom
            && envFrom.Children.Any(e => YamlPath.OptionalScalar(e, "configMapRef", "name") == ConfigMapName);
        if (loadsConfigMap)
        {
            foreach (var (name, value) in ConfigMapData())
            {
                environment[name] = value.Value ?? string.Empty;
            }
        }

        foreach (var env in Env())
        {
            environment[YamlPath.Scalar(env, "name")] = YamlPath.OptionalScalar(env, "value") ?? "(secret)";
        }

        return environment;
    }

    /// <summary>The containerPort a probe or annotation port means: a number, or a declared port's name.</summary>
    public int ContainerPort(string numberOrName)
    {
        if (int.TryParse(numberOrName, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var port = YamlPath.Sequence(Container, "ports").Children
            .SingleOrDefault(p => YamlPath.OptionalScalar(p, "name") == numberOrName);
        return port is null
            ? throw new InvalidOperationException($"no container port named '{numberOrName}'")
            : int.Parse(YamlPath.Scalar(port, "containerPort"), CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<int> DeclaredContainerPorts() =>
        YamlPath.Sequence(Container, "ports").Children
            .Select(p => ContainerPort(YamlPath.Scalar(p, "containerPort")))
            .ToList();
}
