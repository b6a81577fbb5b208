namespace StreamRefiner.Ledger;

/// <summary>What the ledger holds about one contact, oldest first.</summary>
public sealed record ContactHistory(IReadOnlyList<LedgerTransitionRow> Transitions,
    IReadOnlyList<LedgerConsentRow> Consent);
