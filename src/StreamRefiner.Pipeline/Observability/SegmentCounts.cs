namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// Segment sizes and pending changes of the partitions this instance owns, published as
/// <see cref="PipelineMetrics.SegmentContacts"/> and <see cref="PipelineMetrics.PendingChanges"/>.
/// </summary>
/// <remarks>
/// The counts live in Redis, one hash per internal-topic partition (<c>{prefix}:sizes:{pN}</c>), moved by the
/// decide stage after each state write that changed a contact's segment or pending target. An instance loads a
/// partition's hash when the partition is assigned and drops it when revoked, so each instance exports only
/// what it owns and <c>sum(streamrefiner_segment_contacts)</c> over instances is the global size; while a
/// partition moves, it is briefly counted nowhere, never twice. Only the decide stage's thread calls this.
/// </remarks>
public sealed class SegmentCounts
{
    public const string SegmentPrefix = "s:";
    public const string PendingPrefix = "p:";

    private readonly Dictionary<int, Dictionary<string, long>> _partitions = [];
    private readonly HashSet<string> _publishedFields = new(StringComparer.Ordinal);

    /// <summary>Publishes 0 for every segment of the rules until counts are loaded.</summary>
    public SegmentCounts(IEnumerable<string> segments)
    {
        foreach (var segment in segments)
        {
            _publishedFields.Add(SegmentPrefix + segment);
            _publishedFields.Add(PendingPrefix + segment);
        }

        Publish();
    }

    /// <summary>The hash-field changes a contact's move makes: -1 on what it left, +1 on what it entered.</summary>
    public static List<KeyValuePair<string, long>> Delta(string? segmentBefore, string? pendingBefore,
        string? segmentAfter, string? pendingAfter)
    {
        var deltas = new List<KeyValuePair<string, long>>(4);
        Move(deltas, SegmentPrefix, segmentBefore, segmentAfter);
        Move(deltas, PendingPrefix, pendingBefore, pendingAfter);
        return deltas;
    }

    public void Load(int partition, IReadOnlyDictionary<string, long> counts)
    {
        _partitions[partition] = new Dictionary<string, long>(counts, StringComparer.Ordinal);
        Publish();
    }

    public void Apply(int partition, IEnumerable<KeyValuePair<string, long>> deltas)
    {
        if (!_partitions.TryGetValue(partition, out var counts))
        {
            return;
        }

        foreach (var (field, delta) in deltas)
        {
            counts[field] = counts.GetValueOrDefault(field) + delta;
        }
    }

    public void Drop(int partition)
    {
        if (_partitions.Remove(partition))
        {
            Publish();
        }
    }

    /// <summary>Sets the gauges to the sums over owned partitions; a segment no longer counted goes to 0.</summary>
    public void Publish()
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counts in _partitions.Values)
        {
            foreach (var (field, count) in counts)
            {
                totals[field] = totals.GetValueOrDefault(field) + count;
            }
        }

        _publishedFields.UnionWith(totals.Keys);
        foreach (var field in _publishedFields)
        {
            var value = totals.GetValueOrDefault(field);
            if (field.StartsWith(SegmentPrefix, StringComparison.Ordinal))
            {
                PipelineMetrics.SegmentContacts.WithLabels(field[SegmentPrefix.Length..]).Set(value);
            }
            else if (field.StartsWith(PendingPrefix, StringComparison.Ordinal))
            {
                PipelineMetrics.PendingChanges.WithLabels(field[PendingPrefix.Length..]).Set(value);
            }
        }
    }

    private static void Move(List<KeyValuePair<string, long>> deltas, string prefix, string? before, string? after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return;
        }

        if (before is not null)
        {
            deltas.Add(new(prefix + before, -1));
        }

        if (after is not null)
        {
            deltas.Add(new(prefix + after, 1));
        }
    }
}
