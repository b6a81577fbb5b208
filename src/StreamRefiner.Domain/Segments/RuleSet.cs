using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Domain.Segments;

/// <summary>
/// A versioned set of segments. A contact is in exactly one primary segment: consent first
/// (<see cref="OptedOut"/>), then the highest-priority segment whose condition holds, else the fallback.
/// </summary>
public sealed class RuleSet
{
    /// <summary>The segment every opted-out contact is in, whatever the rules say.</summary>
    public const string OptedOut = "opted_out";

    private readonly Dictionary<string, SegmentDefinition> _byName;

    public RuleSet(string version, IEnumerable<SegmentDefinition> segments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        Version = version;
        Segments = [.. segments.OrderByDescending(s => s.Priority)];
        if (Segments.Count == 0)
        {
            throw new ArgumentException("a rule set needs at least one segment", nameof(segments));
        }

        _byName = Segments.ToDictionary(s => s.Name, StringComparer.Ordinal);
        if (_byName.ContainsKey(OptedOut))
        {
            throw new ArgumentException($"'{OptedOut}' is reserved for consent", nameof(segments));
        }

        if (Segments[^1].Enter is not Conditions.AlwaysCondition)
        {
            throw new ArgumentException("the lowest-priority segment must be a fallback that always holds",
                nameof(segments));
        }
    }

    public string Version { get; }

    /// <summary>The longest cooldown of any segment: how long a contact's segment exits must be remembered.</summary>
    public TimeSpan LongestCooldown => Segments.Max(s => s.Cooldown);

    /// <summary>The segments, highest priority first; the last is the fallback.</summary>
    public IReadOnlyList<SegmentDefinition> Segments { get; }

    public SegmentDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The segment the rules put the contact in now: the current one while its exit does not hold (unless a
    /// higher-priority segment's enter holds), otherwise the highest-priority segment whose enter holds.
    /// </summary>
    public SegmentDefinition Choose(in ContactView view, string? current)
    {
        foreach (var segment in Segments)
        {
            if (segment.Name == current)
            {
                if (!segment.ShouldLeave(view))
                {
                    return segment;
                }

                continue;
            }

            if (segment.Enter.Evaluate(view))
            {
                return segment;
            }
        }

        return Segments[^1];
    }
}
