namespace StreamRefiner.Pipeline.Ledger;

/// <summary>The ledger rows of one decide batch: written together, in one transaction.</summary>
public sealed record LedgerBatch(IReadOnlyList<LedgerTransition> Transitions, IReadOnlyList<ConsentChange> Consent)
{
    public bool IsEmpty => Transitions.Count == 0 && Consent.Count == 0;
}
