namespace StreamRefiner.Inputs.Formats;

/// <summary>Thrown inside a format reader to reject the record being read.</summary>
public sealed class ParseException : Exception
{
    public ParseException(RejectReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public ParseException()
    {
    }

    public ParseException(string message)
        : base(message)
    {
    }

    public ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RejectReason Reason { get; }
}
