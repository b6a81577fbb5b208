namespace StreamRefiner.Domain.Windows;

/// <summary>How rules and reasons write signals and windows: <c>clicks</c>, <c>7d</c>, <c>6h</c>.</summary>
public static class WindowNames
{
    public static string Signal(Signal signal) => signal.ToString().ToLowerInvariant();

    public static string Window(TimeSpan window) =>
        window.TotalHours % 24 == 0 ? $"{window.TotalDays:0}d" : $"{window.TotalHours:0}h";
}
