namespace StreamRefiner.Domain.Decisions;

/// <summary>
/// The deduplication keys of a contact's recent events: a bounded ring of 32-bit hashes with the contact's clock
/// when each arrived (not the event's own time: a late event's redelivery must be recognised too),
/// so a provider's redelivery of the same fact counts once while memory per contact stays bounded. A new key
/// collides with one of the few recent keys of the same contact about once in a billion events; the decider
/// never runs consent changes through the ring, so a collision can only drop a count, never an opt-out.
/// </summary>
public sealed class DedupeRing
{
    /// <summary>The most keys kept per contact.</summary>
    public const int Capacity = 32;

    /// <summary>How long a key is remembered, on the contact's clock.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(48);

    private readonly List<(uint Hash, long AtMilliseconds)> _entries = [];

    public IReadOnlyList<(uint Hash, long AtMilliseconds)> Entries => _entries;

    public void Restore(uint hash, long atMilliseconds) => _entries.Add((hash, atMilliseconds));

    /// <summary>Remembers <paramref name="key"/> as seen at <paramref name="now"/> (the contact's clock); returns
    /// false when it was already seen.</summary>
    public bool TryAdd(string key, DateTimeOffset now)
    {
        var hash = Hash(key);
        foreach (var entry in _entries)
        {
            if (entry.Hash == hash)
            {
                return false;
            }
        }

        Prune(now);
        if (_entries.Count >= Capacity)
        {
            _entries.RemoveAt(0);
        }

        _entries.Add((hash, now.ToUnixTimeMilliseconds()));
        return true;
    }

    /// <summary>Forgets keys older than the horizon at <paramref name="now"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        var oldest = (now - Horizon).ToUnixTimeMilliseconds();
        _entries.RemoveAll(e => e.AtMilliseconds < oldest);
    }

    /// <summary>FNV-1a folded to 32 bits: stable across processes and versions, unlike string.GetHashCode.</summary>
    public static uint Hash(string key)
    {
        const ulong offsetBasis = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offsetBasis;
        foreach (var ch in key)
        {
            hash ^= ch;
            hash *= prime;
        }

        return (uint)(hash ^ (hash >> 32));
    }
}
