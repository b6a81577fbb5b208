using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.State;

/// <summary>
/// One contact's new state to store, written only if nobody wrote since <paramref name="ExpectedVersion"/>.
/// </summary>
/// <param name="Partition">The internal-topic partition that owns the contact (for its timer and outbox index).</param>
/// <param name="NewOutbox">
/// The contact's whole outbox after this write (replaces the stored one); empty keeps it.
/// </param>
public sealed record ContactWrite(
    string Contact,
    int Partition,
    ContactState State,
    long ExpectedVersion,
    IReadOnlyList<string> NewOutbox)
{
    /// <summary>
    /// Changes to the partition's segment counts (<see cref="RedisKeys.Sizes"/>) that this write makes, applied
    /// only when the compare-and-set write succeeds.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> SizeDeltas { get; init; } = [];
}
