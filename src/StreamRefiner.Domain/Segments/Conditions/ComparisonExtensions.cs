namespace StreamRefiner.Domain.Segments.Conditions;

internal static class ComparisonExtensions
{
    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
