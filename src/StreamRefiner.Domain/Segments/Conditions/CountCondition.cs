using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary>The sum of one or more signals over a window compared with a number: <c>clicks.7d + replies.7d >= 2</c>.</summary>
public sealed class CountCondition : ICondition
{
    private readonly Signal[] _signals;
    private readonly TimeSpan _window;
    private readonly Comparison _comparison;
    private readonly long _threshold;

    public CountCondition(IReadOnlyList<Signal> signals, TimeSpan window, Comparison comparison, long threshold)
    {
        ArgumentOutOfRangeException.ThrowIfZero(signals.Count);
        if (window <= TimeSpan.Zero || window > SignalWindow.Retention)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "a window must be within the retention");
        }

        _signals = [.. signals];
        _window = window;
        _comparison = comparison;
        _threshold = threshold;
        var label = WindowLabel(window);
        Text = string.Join(" + ", _signals.Select(s => $"{SignalName(s)}.{label}"))
            + $" {comparison.Symbol()} {threshold}";
    }

    public string Text { get; }

    public bool Evaluate(in ContactView view)
    {
        long sum = 0;
        foreach (var signal in _signals)
        {
            sum += view.Count(signal, _window);
        }

        return _comparison.Holds(sum, _threshold);
    }

    public DateTimeOffset? NextChange(in ContactView view)
    {
        DateTimeOffset? next = null;
        foreach (var signal in _signals)
        {
            next = ComparisonExtensions.Earliest(next, view.State.Window(signal).NextDrop(_window, view.Now));
        }

        return next;
    }

    /// <summary>The lower-case name a rule uses for a signal.</summary>
    public static string SignalName(Signal signal) => signal.ToString().ToLowerInvariant();

    /// <summary>A window written the way rules write it: 1d, 7d, 6h.</summary>
    public static string WindowLabel(TimeSpan window) =>
        window.TotalHours % 24 == 0 ? $"{window.TotalDays:0}d" : $"{window.TotalHours:0}h";
}
