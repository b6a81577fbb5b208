namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary>The comparison operators of a condition.</summary>
public enum Comparison
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
