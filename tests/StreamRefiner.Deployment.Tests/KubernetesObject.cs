using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Deployment.Tests;

/// <summary>One document of a manifest file, with the identity every Kubernetes object carries.</summary>
internal sealed record KubernetesObject(string File, YamlMappingNode Root)
{
    public string ApiVersion => YamlPath.Scalar(Root, "apiVersion");

    public string Kind => YamlPath.Scalar(Root, "kind");

    public string Name => YamlPath.Scalar(Root, "metadata", "name");

    public string? Namespace => YamlPath.OptionalScalar(Root, "metadata", "namespace");

    public override string ToString() => $"{Kind}/{Name} ({Path.GetFileName(File)})";
}
