namespace StreamRefiner.Domain.Decisions;

/// <summary>
/// The deduplication keys of a contact's recent events: a bounded ring of 64-bit hashes with their event times,
/// so a provider's redelivery of the same fact counts once while memory per contact stays bounded.
/// </summary>
public sealed class DedupeRing
{
    /// <summary>The most keys kept per contact.</summary>
    public const int Capacity = 32;

    /// <summary>How long a key is remembered, in event time.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(48);

    private readonly List<(ulong Hash, long AtMilliseconds)> _entries = [];

    public IReadOnlyList<(ulong Hash, long AtMilliseconds)> Entries => _entries;

    public void Restore(ulong hash, long atMilliseconds) => _entries.Add((hash, atMilliseconds));

    /// <summary>Remembers <paramref name="key"/>; returns false when it was already seen.</summary>
    public bool TryAdd(string key, DateTimeOffset at, DateTimeOffset now)
    {
        var hash = Hash(key);
        foreach (var entry in _entries)
        {
            if (entry.Hash == hash)
            {
                return false;
            }
        }

        var oldest = (now - Horizon).ToUnixTimeMilliseconds();
        _entries.RemoveAll(e => e.AtMilliseconds < oldest);
        if (_entries.Count >= Capacity)
        {
            _entries.RemoveAt(0);
        }

        _entries.Add((hash, at.ToUnixTimeMilliseconds()));
        return true;
    }

    /// <summary>FNV-1a, 64 bits: stable across processes and versions, unlike string.GetHashCode.</summary>
    public static ulong Hash(string key)
    {
        const ulong offsetBasis = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offsetBasis;
        foreach (var ch in key)
        {
            hash ^= ch;
            hash *= prime;
        }

        return hash;
    }
}
