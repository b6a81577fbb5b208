namespace StreamRefiner.Domain.Decisions;

/// <summary>What applying one event to a contact did.</summary>
public enum ApplyResult
{
    /// <summary>The event changed the contact's state.</summary>
    Applied,

    /// <summary>
    /// The record's offset was applied before (a replay after a crash or rebalance): nothing changed.
    /// </summary>
    Replayed,

    /// <summary>The same fact was seen before (a provider redelivery): only the offset advanced.</summary>
    Duplicate,
}
