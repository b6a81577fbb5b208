namespace StreamRefiner.Domain.Segments.Language;

/// <summary>A condition that does not parse or type-check; <see cref="Offset"/> is where, within its text.</summary>
public sealed class RuleSyntaxException : Exception
{
    public RuleSyntaxException(string message, int offset)
        : base(message)
    {
        Offset = offset;
    }

    public RuleSyntaxException()
    {
    }

    public RuleSyntaxException(string message)
        : base(message)
    {
    }

    public RuleSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Zero-based character offset in the condition text.</summary>
    public int Offset { get; }
}
