using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Domain.Segments.Conditions;
using StreamRefiner.Domain.Segments.Language;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamRefiner.Rules;

/// <summary>
/// Reads a rules file (YAML) into a <see cref="RuleSet"/>. Every problem is reported with the file, line and
/// column and what was expected; a file with errors yields no rule set. Warnings come from
/// <see cref="RulesAnalyzer"/>.
/// </summary>
public static partial class RulesLoader
{
    /// <summary>The file name the built-in default rules are reported under.</summary>
    public const string DefaultRulesName = "default-rules.yaml";

    private static readonly string[] TopKeys = ["version", "attributes", "segments"];

    private static readonly string[] SegmentKeys =
    [
        "name", "purpose", "description", "priority", "enter", "exit", "confirm_for", "min_dwell", "cooldown",
        "cadence", "variant", "fallback",
    ];

    private static readonly string[] CadenceKeys = ["max_per_week", "min_gap", "pacing"];

    public static RulesLoadResult LoadFile(string path) => Load(File.ReadAllText(path), path);

    /// <summary>The rules that ship with StreamRefiner.</summary>
    public static RulesLoadResult LoadDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultRulesName)
            ?? throw new InvalidOperationException("the default rules are missing from the assembly");
        using var reader = new StreamReader(stream);
        return Load(reader.ReadToEnd(), DefaultRulesName);
    }

    /// <summary>The default rules, which must load without errors.</summary>
    public static RuleSet Default()
    {
        var result = LoadDefault();
        return result.Rules ?? throw new InvalidOperationException(
            "the default rules do not load: " + string.Join("; ", result.Diagnostics));
    }

    public static RulesLoadResult Load(string text, string file)
    {
        var reader = new Reader(file);
        var rules = reader.Read(text);
        var diagnostics = reader.Diagnostics;
        if (rules is not null && diagnostics.All(d => d.Severity != RulesSeverity.Error))
        {
            diagnostics.AddRange(RulesAnalyzer.Analyze(rules, reader.Positions, file));
        }

        var hasErrors = diagnostics.Any(d => d.Severity == RulesSeverity.Error);
        var ordered = diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
        return new RulesLoadResult(hasErrors ? null : rules, ordered);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(s|m|h|d|w)$")]
    private static partial Regex DurationPattern();

    private sealed class Reader(string file)
    {
        public List<RulesDiagnostic> Diagnostics { get; } = [];

        /// <summary>Where each segment was defined, for warnings.</summary>
        public Dictionary<string, Mark> Positions { get; } = new(StringComparer.Ordinal);

        public RuleSet? Read(string text)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                Error(e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
                return null;
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Diagnostics.Add(new RulesDiagnostic(file, 1, 1, RulesSeverity.Error,
                    "expected a mapping with 'version' and 'segments'"));
                return null;
            }

            CheckKeys(root, TopKeys);
            var version = Scalar(root, "version", required: true);
            var attributes = new HashSet<string>(StringComparer.Ordinal);
            if (Child(root, "attributes") is { } attributeNode)
            {
                if (attributeNode is YamlSequenceNode list)
                {
                    foreach (var item in list)
                    {
                        if (item is YamlScalarNode { Value: { } name } && NamePattern().IsMatch(name))
                        {
                            attributes.Add(name);
                        }
                        else
                        {
                            Error(item.Start, "expected an attribute name (lower case letters, digits, '_')");
                        }
                    }
                }
                else
                {
                    Error(attributeNode.Start, "expected a list of attribute names, e.g. [customer_status, state]");
                }
            }

            if (Child(root, "segments") is not YamlSequenceNode segmentNodes || segmentNodes.Children.Count == 0)
            {
                Error(Child(root, "segments")?.Start ?? root.Start, "expected 'segments': a list of segments");
                return null;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in segmentNodes)
            {
                if (node is YamlMappingNode segment && Scalar(segment, "name", required: false) is { } name)
                {
                    if (!names.Add(name.Value!))
                    {
                        Error(name.Start, $"duplicate segment name '{name.Value}'");
                    }
                }
            }

            var segmentNames = names.Append(RuleSet.OptedOut).ToHashSet(StringComparer.Ordinal);
            var context = new CompileContext(attributes, segmentNames);
            var segments = new List<SegmentDefinition>();
            var fallbacks = new List<(SegmentDefinition Segment, Mark At)>();
            foreach (var node in segmentNodes)
            {
                if (node is not YamlMappingNode mapping)
                {
                    Error(node.Start, "expected a segment: a mapping with name, priority, enter …");
                    continue;
                }

                if (ReadSegment(mapping, context) is { } segment)
                {
                    segments.Add(segment.Definition);
                    Positions[segment.Definition.Name] = mapping.Start;
                    if (segment.IsFallback)
                    {
                        fallbacks.Add((segment.Definition, mapping.Start));
                    }
                }
            }

            CheckFallback(segments, fallbacks, segmentNodes.Start);
            if (Diagnostics.Any(d => d.Severity == RulesSeverity.Error) || version?.Value is not { } versionText)
            {
                return null;
            }

            return new RuleSet(versionText, segments);
        }

        private (SegmentDefinition Definition, bool IsFallback)? ReadSegment(YamlMappingNode node,
            CompileContext context)
        {
            CheckKeys(node, SegmentKeys);
            var nameNode = Scalar(node, "name", required: true);
            var name = nameNode?.Value;
            if (nameNode is not null && (name is null || !NamePattern().IsMatch(name)))
            {
                Error(nameNode.Start,
                    "expected a segment name of lower case letters, digits and '_', starting with a letter");
            }
            else if (name == RuleSet.OptedOut)
            {
                Error(nameNode!.Start, $"'{RuleSet.OptedOut}' is built in (consent decides it); choose another name");
            }

            var purpose = Scalar(node, "purpose", required: true)?.Value ?? string.Empty;
            var priority = Integer(node, "priority", required: true) ?? 0;
            var isFallback = Scalar(node, "fallback", required: false) is { } fallbackNode && Boolean(fallbackNode);

            ICondition? enter = isFallback ? AlwaysCondition.Instance : null;
            if (Scalar(node, "enter", required: !isFallback) is { } enterNode)
            {
                enter = Condition(enterNode, context);
                if (isFallback && enter is not AlwaysCondition)
                {
                    Error(enterNode.Start, "a fallback segment takes everyone: leave out 'enter' or write 'true'");
                }
            }

            var exit = Scalar(node, "exit", required: false) is { } exitNode ? Condition(exitNode, context) : null;
            var hints = Hints(node);
            if (name is null || enter is null)
            {
                return null;
            }

            return (new SegmentDefinition
            {
                Name = name,
                Purpose = purpose,
                Priority = priority,
                Enter = enter,
                Exit = exit,
                ConfirmFor = Duration(node, "confirm_for"),
                MinDwell = Duration(node, "min_dwell"),
                Cooldown = Duration(node, "cooldown"),
                Hints = hints,
            }, isFallback);
        }

        private SegmentHints? Hints(YamlMappingNode node)
        {
            var variant = Scalar(node, "variant", required: false)?.Value;
            int? maxPerWeek = null;
            TimeSpan? minGap = null;
            string? pacing = null;
            if (Child(node, "cadence") is { } cadenceNode)
            {
                if (cadenceNode is YamlMappingNode cadence)
                {
                    CheckKeys(cadence, CadenceKeys);
                    maxPerWeek = Integer(cadence, "max_per_week", required: false);
                    minGap = Child(cadence, "min_gap") is null ? null : Duration(cadence, "min_gap");
                    pacing = Scalar(cadence, "pacing", required: false)?.Value;
                }
                else
                {
                    Error(cadenceNode.Start, "expected 'cadence' to be a mapping of max_per_week, min_gap, pacing");
                }
            }

            return variant is null && maxPerWeek is null && minGap is null && pacing is null
                ? null
                : new SegmentHints(maxPerWeek, minGap, pacing, variant);
        }

        private ICondition? Condition(YamlScalarNode node, CompileContext context)
        {
            var text = node.Value ?? string.Empty;
            try
            {
                return ConditionCompiler.Compile(text, context);
            }
            catch (RuleSyntaxException e)
            {
                // Map the offset inside the condition to the file: exact for one-line plain or quoted scalars.
                var quoted = node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
                var oneLine = node.Start.Line == node.End.Line;
                var column = oneLine ? node.Start.Column + quoted + e.Offset : node.Start.Column;
                Diagnostics.Add(new RulesDiagnostic(file, (int)node.Start.Line, (int)column, RulesSeverity.Error,
                    $"in condition: {e.Message}"));
                return null;
            }
        }

        private void CheckFallback(List<SegmentDefinition> segments,
            List<(SegmentDefinition Segment, Mark At)> fallbacks,
            Mark listStart)
        {
            if (fallbacks.Count == 0)
            {
                Error(listStart, "missing a fallback segment: mark exactly one segment with 'fallback: true'");
                return;
            }

            foreach (var (segment, at) in fallbacks.Skip(1))
            {
                Error(at, $"a second fallback segment '{segment.Name}'; expected exactly one");
            }

            var (fallback, position) = fallbacks[0];
            if (segments.Any(s => s != fallback && s.Priority <= fallback.Priority))
            {
                Error(position, $"the fallback '{fallback.Name}' must have the lowest priority of all segments");
            }
        }

        private TimeSpan Duration(YamlMappingNode node, string key)
        {
            if (Scalar(node, key, required: false) is not { } scalar)
            {
                return TimeSpan.Zero;
            }

            var text = scalar.Value ?? string.Empty;
            if (text == "0")
            {
                return TimeSpan.Zero;
            }

            var match = DurationPattern().Match(text);
            if (!match.Success)
            {
                Error(scalar.Start, $"'{key}': got '{text}'; expected a duration such as 0, 90s, 15m, 6h, 14d or 2w");
                return TimeSpan.Zero;
            }

            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                "d" => TimeSpan.FromDays(number),
                _ => TimeSpan.FromDays(7 * number),
            };
        }

        private int? Integer(YamlMappingNode node, string key, bool required)
        {
            if (Scalar(node, key, required) is not { } scalar)
            {
                return null;
            }

            if (int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Error(scalar.Start, $"'{key}': got '{scalar.Value}'; expected a whole number");
            return null;
        }

        private bool Boolean(YamlScalarNode scalar)
        {
            switch (scalar.Value)
            {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    Error(scalar.Start, $"got '{scalar.Value}'; expected true or false");
                    return false;
            }
        }

        private YamlScalarNode? Scalar(YamlMappingNode node, string key, bool required)
        {
            var child = Child(node, key);
            if (child is null)
            {
                if (required)
                {
                    Error(node.Start, $"missing '{key}'");
                }

                return null;
            }

            if (child is YamlScalarNode scalar)
            {
                return scalar;
            }

            Error(child.Start, $"'{key}' must be a single value, not a list or mapping");
            return null;
        }

        private static YamlNode? Child(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

        private void CheckKeys(YamlMappingNode node, string[] allowed)
        {
            foreach (var key in node.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } name } || !allowed.Contains(name))
                {
                    Error(key.Start,
                        $"unknown key '{(key as YamlScalarNode)?.Value}'; " +
                        $"expected one of {string.Join(", ", allowed)}");
                }
            }
        }

        private void Error(Mark at, string message) =>
            Diagnostics.Add(new RulesDiagnostic(file, (int)at.Line, (int)at.Column, RulesSeverity.Error, message));
    }
}
