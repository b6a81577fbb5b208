using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Deployment.Tests;

/// <summary>The Kubernetes manifests under k8s/, every document of every file (files may hold several).</summary>
internal static class Manifests
{
    public static string Folder => RepositoryRoot.Combine("k8s");

    public static IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The non-empty documents of a file, parsed; throws on invalid YAML (duplicate keys included).</summary>
    public static IReadOnlyList<YamlDocument> Documents(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);

        // An empty document (a stray '---') is skipped by kubectl too.
        return stream.Documents
            .Where(d => d.RootNode is not YamlScalarNode { Value: null or "" })
            .ToList();
    }

    public static IReadOnlyList<KubernetesObject> All() =>
        Files()
            .SelectMany(file => Documents(file).Select(d => new KubernetesObject(
                file,
                d.RootNode as YamlMappingNode ?? throw new InvalidOperationException(
                    $"{file}: a document at line {d.RootNode.Start.Line} is not a mapping"))))
            .ToList();

    public static KubernetesObject Single(string kind, string name)
    {
        var matches = All().Where(o => o.Kind == kind && o.Name == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"expected one {kind}/{name} under k8s/, found {matches.Count}");
    }
}
