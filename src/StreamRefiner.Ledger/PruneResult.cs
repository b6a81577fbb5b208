namespace StreamRefiner.Ledger;

/// <summary>How many rows a retention sweep deleted.</summary>
public readonly record struct PruneResult(int Transitions, int Consent);
