using System.Text.RegularExpressions;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Domain.Windows;
using YamlDotNet.Core;

namespace StreamRefiner.Rules;

/// <summary>
/// Finds segments that look wrong by evaluating every enter condition over a fixed, seeded sample of made-up
/// contacts (varied windows, recencies, segments and attribute values taken from the rules' own literals):
/// a segment that never matched, one that only ever matched when a higher-priority segment also did
/// (shadowed), and equal-priority segments that matched the same contact. Sampling can miss a rare case, so
/// these are warnings, never errors.
/// </summary>
public static partial class RulesAnalyzer
{
    public const int Samples = 4000;

    public static IEnumerable<RulesDiagnostic> Analyze(RuleSet rules, IReadOnlyDictionary<string, Mark> positions,
        string file)
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(20261204);
        var pool = LiteralPool(rules);
        var segments = rules.Segments;
        var matched = new int[segments.Count];
        var alone = new int[segments.Count];
        var overlap = new HashSet<(int, int)>();
        var hits = new bool[segments.Count];
        for (var sample = 0; sample < Samples; sample++)
        {
            var view = new ContactView(RandomContact(random, now, rules, pool), now);
            for (var i = 0; i < segments.Count; i++)
            {
                hits[i] = segments[i].Enter.Evaluate(view);
            }

            for (var i = 0; i < segments.Count; i++)
            {
                if (!hits[i])
                {
                    continue;
                }

                matched[i]++;
                var shadowed = false;
                for (var j = 0; j < segments.Count; j++)
                {
                    if (j != i && hits[j] && segments[j].Priority > segments[i].Priority)
                    {
                        shadowed = true;
                    }

                    if (j > i && hits[j] && segments[j].Priority == segments[i].Priority)
                    {
                        overlap.Add((i, j));
                    }
                }

                if (!shadowed)
                {
                    alone[i]++;
                }
            }
        }

        var fallback = segments[^1];
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment == fallback)
            {
                continue;
            }

            var at = positions.GetValueOrDefault(segment.Name);
            if (matched[i] == 0)
            {
                yield return Warning(file, at,
                    $"segment '{segment.Name}' matched none of {Samples} sampled contacts: " +
                    "its enter condition may never hold");
            }
            else if (alone[i] == 0)
            {
                yield return Warning(file, at,
                    $"segment '{segment.Name}' matched {matched[i]} sampled contacts, but a higher-priority segment " +
                    "matched every one of them too: it looks shadowed");
            }
        }

        foreach (var (i, j) in overlap.Order())
        {
            yield return Warning(file, positions.GetValueOrDefault(segments[j].Name),
                $"segments '{segments[i].Name}' and '{segments[j].Name}' have the same priority " +
                $"({segments[i].Priority}) and both matched a sampled contact; the one listed first wins");
        }
    }

    private static ContactState RandomContact(Random random, DateTimeOffset now, RuleSet rules, List<string> pool)
    {
        var state = new ContactState();
        var age = TimeSpan.FromHours(random.Next(1, 24 * 150));
        state.FirstSeen = now - age;
        state.EvaluatedAt = now;
        foreach (var signal in Enum.GetValues<Signal>())
        {
            var count = random.NextDouble() < 0.35 ? 0 : random.Next(1, 16);

            // Half the contacts keep their activity recent; the rest spread it over their whole life.
            var span = random.NextDouble() < 0.5 ? TimeSpan.FromDays(random.Next(1, 10)) : age;
            for (var e = 0; e < count; e++)
            {
                var at = now - span * random.NextDouble();
                if (at < state.FirstSeen)
                {
                    at = state.FirstSeen.Value;
                }

                state.Window(signal).Add(at, now);
                state.LastSeen[(int)signal] = state.LastSeen[(int)signal] is { } last && last > at ? last : at;
            }
        }

        var names = rules.Segments.Select(s => s.Name).ToList();
        state.Segment = names[random.Next(names.Count)];
        state.SegmentSince = now - TimeSpan.FromHours(random.Next(0, 24 * 60));
        foreach (var name in AttributeNames(rules))
        {
            if (random.NextDouble() < 0.8 && pool.Count > 0)
            {
                state.Attributes[name] = pool[random.Next(pool.Count)];
            }
        }

        return state;
    }

    private static List<string> LiteralPool(RuleSet rules)
    {
        var texts = rules.Segments.SelectMany(s => new[] { s.Enter.Text, s.Exit?.Text ?? string.Empty });
        var pool = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (Match match in Literal().Matches(text))
            {
                pool.Add(match.Groups[1].Success ? match.Groups[1].Value : match.Value);
            }
        }

        return [.. pool.Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> AttributeNames(RuleSet rules) => rules.Segments
        .SelectMany(s => new[] { s.Enter.Text, s.Exit?.Text ?? string.Empty })
        .SelectMany(t => AttributeName().Matches(t).Select(m => m.Groups[1].Value))
        .Distinct(StringComparer.Ordinal);

    private static RulesDiagnostic Warning(string file, Mark at, string message) =>
        new(file, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), RulesSeverity.Warning, message);

    [GeneratedRegex("\"([^\"]*)\"|\\b\\d+(?:\\.\\d+)?\\b")]
    private static partial Regex Literal();

    [GeneratedRegex(@"attr\.([a-z][a-z0-9_]*)")]
    private static partial Regex AttributeName();
}
