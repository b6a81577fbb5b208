using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Deployment.Tests;

/// <summary>Walks a parsed YAML tree by keys; a missing or mistyped node fails naming the path it wanted.</summary>
internal static class YamlPath
{
    public static YamlNode? Find(YamlNode node, params string[] keys)
    {
        var current = node;
        foreach (var key in keys)
        {
            if (current is not YamlMappingNode mapping
                || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    public static YamlMappingNode Mapping(YamlNode node, params string[] keys) =>
        Find(node, keys) as YamlMappingNode ?? throw Missing("a mapping", keys);

    public static YamlSequenceNode Sequence(YamlNode node, params string[] keys) =>
        Find(node, keys) as YamlSequenceNode ?? throw Missing("a sequence", keys);

    public static YamlScalarNode ScalarNode(YamlNode node, params string[] keys) =>
        Find(node, keys) as YamlScalarNode ?? throw Missing("a scalar", keys);

    public static string Scalar(YamlNode node, params string[] keys) =>
        ScalarNode(node, keys).Value ?? throw Missing("a non-null scalar", keys);

    public static string? OptionalScalar(YamlNode node, params string[] keys) =>
        (Find(node, keys) as YamlScalarNode)?.Value;

    /// <summary>The entries of a mapping of scalars to scalars (labels, annotations, ConfigMap data).</summary>
    public static IReadOnlyList<KeyValuePair<string, YamlScalarNode>> ScalarEntries(YamlMappingNode mapping) =>
        mapping.Children
            .Select(entry => new KeyValuePair<string, YamlScalarNode>(
                ((YamlScalarNode)entry.Key).Value ?? string.Empty,
                entry.Value as YamlScalarNode ?? throw new InvalidOperationException(
                    $"'{entry.Key}' at line {entry.Key.Start.Line} has a {entry.Value.NodeType}, expected a scalar")))
            .ToList();

    private static InvalidOperationException Missing(string expected, string[] keys) =>
        new($"expected {expected} at '{string.Join('.', keys)}'");
}
