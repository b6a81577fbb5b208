using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Segments.Conditions;

namespace StreamRefiner.Domain.Segments.Language;

/// <summary>A numeric comparison; false when either side is missing.</summary>
internal sealed class NumberComparison(string text, NumberNode left, Comparison comparison, NumberNode right)
    : ICondition
{
    public string Text { get; } = text;

    public bool Evaluate(in ContactView view) =>
        left.TryEvaluate(view, out var a) && right.TryEvaluate(view, out var b) && Holds(a, b);

    public DateTimeOffset? NextChange(in ContactView view)
    {
        var next = ComparisonExtensions.Earliest(left.NextDrop(view), right.NextDrop(view));

        // since(anchor) compared with a constant flips at a known instant.
        if (left is SinceNode since && right is ConstantNumber constant)
        {
            next = ComparisonExtensions.Earliest(next, Flip(view, since, constant.Value, comparison));
        }
        else if (right is SinceNode mirrored && left is ConstantNumber leftConstant)
        {
            next = ComparisonExtensions.Earliest(next, Flip(view, mirrored, leftConstant.Value, Mirror(comparison)));
        }

        return next;
    }

    private bool Holds(double a, double b) => comparison switch
    {
        Comparison.Equal => a == b,
        Comparison.NotEqual => a != b,
        Comparison.Less => a < b,
        Comparison.LessOrEqual => a <= b,
        Comparison.Greater => a > b,
        _ => a >= b,
    };

    private static DateTimeOffset? Flip(in ContactView view, SinceNode since, double milliseconds,
        Comparison comparison)
    {
        if (view.Anchor(since.Anchor) is not { } anchor)
        {
            return null;
        }

        // Strict and non-strict comparisons flip one millisecond apart.
        var strict = comparison is Comparison.Greater or Comparison.LessOrEqual;
        var flip = anchor.AddMilliseconds(milliseconds + (strict ? 1 : 0));
        return flip > view.Now ? flip : null;
    }

    private static Comparison Mirror(Comparison comparison) => comparison switch
    {
        Comparison.Less => Comparison.Greater,
        Comparison.LessOrEqual => Comparison.GreaterOrEqual,
        Comparison.Greater => Comparison.Less,
        Comparison.GreaterOrEqual => Comparison.LessOrEqual,
        _ => comparison,
    };
}

/// <summary>Text equality; false when either side is missing.</summary>
internal sealed class TextComparison(string text, TextNode left, bool equal, TextNode right) : ICondition
{
    public string Text { get; } = text;

    public bool Evaluate(in ContactView view) =>
        left.Evaluate(view) is { } a && right.Evaluate(view) is { } b
            && string.Equals(a, b, StringComparison.Ordinal) == equal;

    public DateTimeOffset? NextChange(in ContactView view) => null;
}

/// <summary><c>x in [...]</c> over text; false when x is missing.</summary>
internal sealed class TextMembership(string text, TextNode value, HashSet<string> set, bool negate) : ICondition
{
    public string Text { get; } = text;

    public bool Evaluate(in ContactView view) => value.Evaluate(view) is { } v && set.Contains(v) != negate;

    public DateTimeOffset? NextChange(in ContactView view) => null;
}

/// <summary><c>x in [...]</c> over numbers; false when x is missing.</summary>
internal sealed class NumberMembership(string text, NumberNode value, HashSet<double> set, bool negate) : ICondition
{
    public string Text { get; } = text;

    public bool Evaluate(in ContactView view) => value.TryEvaluate(view, out var v) && set.Contains(v) != negate;

    public DateTimeOffset? NextChange(in ContactView view) => value.NextDrop(view);
}

/// <summary><c>has(attr.NAME)</c>: the attribute is present.</summary>
internal sealed class HasAttribute(string text, string name) : ICondition
{
    public string Text { get; } = text;

    public bool Evaluate(in ContactView view) => view.Attribute(name) is not null;

    public DateTimeOffset? NextChange(in ContactView view) => null;
}

/// <summary><c>false</c>.</summary>
internal sealed class NeverCondition : ICondition
{
    public static readonly NeverCondition Instance = new();

    public string Text => "false";

    public bool Evaluate(in ContactView view) => false;

    public DateTimeOffset? NextChange(in ContactView view) => null;
}
