using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Segments.Conditions;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Segments.Language;

/// <summary>
/// A compiled numeric expression. Durations are numbers of milliseconds. A missing value (no anchor, an absent
/// or non-numeric attribute, a division by zero) makes <see cref="TryEvaluate"/> return false.
/// </summary>
internal abstract class NumberNode
{
    public abstract bool TryEvaluate(in ContactView view, out double value);

    /// <summary>The earliest time a window read by this expression loses a bucket.</summary>
    public virtual DateTimeOffset? NextDrop(in ContactView view) => null;
}

internal sealed class ConstantNumber(double value) : NumberNode
{
    public double Value { get; } = value;

    public override bool TryEvaluate(in ContactView view, out double value)
    {
        value = Value;
        return true;
    }
}

internal sealed class CountNode(Signal signal, TimeSpan window) : NumberNode
{
    public override bool TryEvaluate(in ContactView view, out double value)
    {
        value = view.Count(signal, window);
        return true;
    }

    public override DateTimeOffset? NextDrop(in ContactView view) =>
        view.State.Window(signal).NextDrop(window, view.Now);
}

internal sealed class SinceNode(RecencyAnchor anchor) : NumberNode
{
    public RecencyAnchor Anchor { get; } = anchor;

    public override bool TryEvaluate(in ContactView view, out double value)
    {
        if (view.Anchor(Anchor) is { } at)
        {
            value = (view.Now - at).TotalMilliseconds;
            return true;
        }

        value = 0;
        return false;
    }
}

internal sealed class AttributeNumber(string name) : NumberNode
{
    public override bool TryEvaluate(in ContactView view, out double value)
    {
        value = 0;
        return view.Attribute(name) is { } text
            && double.TryParse(text, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out value);
    }
}

internal sealed class NegateNode(NumberNode inner) : NumberNode
{
    public override bool TryEvaluate(in ContactView view, out double value)
    {
        var ok = inner.TryEvaluate(view, out value);
        value = -value;
        return ok;
    }

    public override DateTimeOffset? NextDrop(in ContactView view) => inner.NextDrop(view);
}

internal sealed class ArithmeticNode(char op, NumberNode left, NumberNode right) : NumberNode
{
    public override bool TryEvaluate(in ContactView view, out double value)
    {
        value = 0;
        if (!left.TryEvaluate(view, out var a) || !right.TryEvaluate(view, out var b))
        {
            return false;
        }

        if (op == '/' && b == 0)
        {
            return false;
        }

        value = op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            _ => a / b,
        };
        return true;
    }

    public override DateTimeOffset? NextDrop(in ContactView view) =>
        ComparisonExtensions.Earliest(left.NextDrop(view), right.NextDrop(view));
}
