namespace StreamRefiner.Domain.Segments.Conditions;

internal static class ComparisonExtensions
{
    public static bool Holds(this Comparison comparison, long left, long right) => comparison switch
    {
        Comparison.Equal => left == right,
        Comparison.NotEqual => left != right,
        Comparison.Less => left < right,
        Comparison.LessOrEqual => left <= right,
        Comparison.Greater => left > right,
        Comparison.GreaterOrEqual => left >= right,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "unknown comparison"),
    };

    public static string Symbol(this Comparison comparison) => comparison switch
    {
        Comparison.Equal => "==",
        Comparison.NotEqual => "!=",
        Comparison.Less => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.Greater => ">",
        Comparison.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "unknown comparison"),
    };

    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
