namespace StreamRefiner.Pipeline.Ledger;

/// <summary>
/// The decide stage's port to the consent and transition ledger (an append-only SQL record). Implementations
/// write a batch in one transaction and ignore rows they already hold, so a replayed batch changes nothing.
/// </summary>
public interface ILedgerWriter
{
    /// <summary>
    /// Writes the batch's rows; throws <see cref="LedgerUnavailableException"/> when the database cannot be
    /// reached, so the stage retries the batch without committing its offsets.
    /// </summary>
    Task WriteAsync(LedgerBatch batch, CancellationToken cancellationToken);
}
