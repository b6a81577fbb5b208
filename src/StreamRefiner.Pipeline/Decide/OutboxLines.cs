using System.Globalization;

namespace StreamRefiner.Pipeline.Decide;

/// <summary>
/// A contact's outbox as the decide stage stores it: a first line <c>@N</c> — the input offset the batch's Kafka
/// transaction commits for the contact's partition (every batch that decides for a contact holds a record of its
/// partition: an event, or a timer tick — see <see cref="TimerTick"/>) — then one transition JSON per line.
/// </summary>
/// <remarks>
/// After a crash the token says whether the transitions' transaction committed: the group's committed offset
/// for the partition at or past N means it did (the outbox is only acknowledged); below N, or an unknown
/// token (<c>@?</c>, written by versions that fired timers without a tick), means they are produced again in a
/// new transaction.
/// </remarks>
internal static class OutboxLines
{
    private const char Marker = '@';

    public static List<string> Create(long commitOffset, IEnumerable<string> transitions)
    {
        var lines = new List<string>
        {
            Marker + commitOffset.ToString(CultureInfo.InvariantCulture),
        };
        lines.AddRange(transitions);
        return lines.Count > 1 ? lines : [];
    }

    /// <summary>The transitions of a stored outbox, and whether its transaction is known to have committed.</summary>
    public static IReadOnlyList<string> Pending(IReadOnlyList<string> stored, long? committedOffset,
        out bool committed)
    {
        committed = false;
        if (stored.Count == 0)
        {
            return [];
        }

        var transitions = stored.Where(l => l.Length > 0 && l[0] != Marker).ToList();
        if (stored[0].Length > 0 && stored[0][0] == Marker
            && long.TryParse(stored[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var token)
            && committedOffset is { } offset && offset >= token)
        {
            committed = true;
            return [];
        }

        return transitions;
    }
}
