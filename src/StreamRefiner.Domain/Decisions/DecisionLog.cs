namespace StreamRefiner.Domain.Decisions;

/// <summary>What the decider produced while handling a batch: transitions, and facts worth counting.</summary>
public sealed class DecisionLog
{
    public List<Transition> Transitions { get; } = [];

    /// <summary>
    /// Pending changes cancelled because the contact came back first, by the segment that was pending.
    /// </summary>
    public List<string> FlapsAbsorbed { get; } = [];

    /// <summary>Events too old for any window (older than the retention at the contact's clock).</summary>
    public int TooLate { get; set; }

    /// <summary>Consent events older than the consent change already in force.</summary>
    public int ConsentSuperseded { get; set; }

    public void Clear()
    {
        Transitions.Clear();
        FlapsAbsorbed.Clear();
        TooLate = 0;
        ConsentSuperseded = 0;
    }
}
