namespace StreamRefiner.State;

/// <summary>
/// A contact's state changed in Redis since it was loaded: another worker owns the partition now.
/// The batch must not be committed.
/// </summary>
public sealed class StaleWriteException : Exception
{
    public StaleWriteException()
    {
    }

    public StaleWriteException(string message)
        : base(message)
    {
    }

    public StaleWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
