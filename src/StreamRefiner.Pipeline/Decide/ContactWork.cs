using StreamRefiner.Domain.Events;

namespace StreamRefiner.Pipeline.Decide;

/// <summary>One contact's share of a batch: its events in offset order (none when only a timer is due).</summary>
internal sealed class ContactWork(int partition)
{
    public int Partition { get; } = partition;

    public List<(CanonicalEvent Event, long Offset)> Events { get; } = [];
}
