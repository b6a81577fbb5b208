using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary><c>and</c> / <c>or</c> over two or more conditions.</summary>
public sealed class LogicalCondition : ICondition
{
    private readonly ICondition[] _parts;
    private readonly bool _all;

    private LogicalCondition(bool all, ICondition[] parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts.Length, 2);
        _all = all;
        _parts = parts;
        Text = string.Join(all ? " and " : " or ", parts.Select(p => p is LogicalCondition ? $"({p.Text})" : p.Text));
    }

    public string Text { get; }

    public static LogicalCondition And(params ICondition[] parts) => new(all: true, parts);

    public static LogicalCondition Or(params ICondition[] parts) => new(all: false, parts);

    public bool Evaluate(in ContactView view)
    {
        foreach (var part in _parts)
        {
            if (part.Evaluate(view) != _all)
            {
                return !_all;
            }
        }

        return _all;
    }

    public DateTimeOffset? NextChange(in ContactView view)
    {
        DateTimeOffset? next = null;
        foreach (var part in _parts)
        {
            next = ComparisonExtensions.Earliest(next, part.NextChange(view));
        }

        return next;
    }
}
