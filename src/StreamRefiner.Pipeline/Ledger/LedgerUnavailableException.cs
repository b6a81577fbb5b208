namespace StreamRefiner.Pipeline.Ledger;

/// <summary>The ledger database could not be reached or refused the write: a transient failure of the batch.</summary>
public sealed class LedgerUnavailableException : Exception
{
    public LedgerUnavailableException()
    {
    }

    public LedgerUnavailableException(string message)
        : base(message)
    {
    }

    public LedgerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
