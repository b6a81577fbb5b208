using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Deployment.Tests;

/// <summary>
/// How Kubernetes will read a YAML scalar. Its YAML parser (sigs.k8s.io/yaml) follows YAML 1.1, so an unquoted
/// 9464, true, yes, on or ~ is a number, boolean or null, not a string, and the API server rejects it where it
/// expects a string (ConfigMap data, env values, annotations).
/// </summary>
internal static partial class YamlScalars
{
    public static bool IsString(YamlScalarNode node) =>
        node.Style != ScalarStyle.Plain || !NonString().IsMatch(node.Value ?? string.Empty);

    [GeneratedRegex("""
        ^(
          ~|null|Null|NULL|
          y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|
          [-+]?(0|[1-9][0-9_]*)|0[0-7]+|0x[0-9a-fA-F_]+|0b[01_]+|
          [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|
          [-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)
        )?$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NonString();
}
