using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Canonical;

namespace StreamRefiner.Pipeline.Ledger;

/// <summary>Builds a decide batch's ledger rows from its records, events and transitions.</summary>
internal sealed class LedgerRows
{
    private readonly Dictionary<string, (string? Topic, int? Partition, long? Offset)> _sources =
        new(StringComparer.Ordinal);

    private readonly Dictionary<string, ConsentChange> _consent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerTransition> _transitions = new(StringComparer.Ordinal);

    public LedgerBatch Batch => new([.. _transitions.Values], [.. _consent.Values]);

    /// <summary>Notes where an event came from; a consent or help event becomes a consent row at once.</summary>
    public void AddEvent(CanonicalEvent e, ConsumeResult<byte[]?, byte[]?> record)
    {
        var source = Source(record);
        _sources[e.EventId] = source;

        // Every consent event read is recorded, whatever the decider makes of it (a replay or redelivery
        // included): the row's key absorbs repeats, and a crash after Redis saved never loses the row.
        if (e.Type is not (EventType.OptOut or EventType.OptIn or EventType.Help))
        {
            return;
        }

        _consent[e.EventId] = new ConsentChange
        {
            EventKey = e.EventId,
            Contact = e.Contact,
            Action = EventTypeNames.Name(e.Type),
            Keyword = e.Keyword,
            ClassifierReason = e.ConsentReason,
            Provider = e.Provider,
            ProviderMessageId = e.DedupeKey,
            OccurredAt = e.OccurredAt,
            ReceivedAt = ReceivedAt(record) ?? e.OccurredAt,
            SourceTopic = source.Topic,
            SourcePartition = source.Partition,
            SourceOffset = source.Offset,
        };
    }

    public void AddTransition(Transition t) => _transitions[t.Id] = WithSource(t);

    /// <summary>
    /// A transition decided earlier and read back from an outbox (a retried batch, or a crash). Its source is
    /// known when the triggering record is in this batch (a retry re-reads it), else null.
    /// </summary>
    public void AddRecovered(Transition t) => _transitions.TryAdd(t.Id, WithSource(t));

    private LedgerTransition WithSource(Transition t)
    {
        var source = t.TriggerEventId is { } id && _sources.TryGetValue(id, out var s) ? s : default;
        return new LedgerTransition(t, source.Topic, source.Partition, source.Offset);
    }

    /// <summary>The raw input record behind an internal record (header <c>sr-source</c>), else itself.</summary>
    private static (string? Topic, int? Partition, long? Offset) Source(ConsumeResult<byte[]?, byte[]?> record)
    {
        if (record.Message.Headers?.TryGetLastBytes("sr-source", out var bytes) == true)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var last = text.LastIndexOf('/');
            var middle = last > 0 ? text.LastIndexOf('/', last - 1) : -1;
            if (middle > 0
                && int.TryParse(text.AsSpan(middle + 1, last - middle - 1), CultureInfo.InvariantCulture, out var p)
                && long.TryParse(text.AsSpan(last + 1), CultureInfo.InvariantCulture, out var o))
            {
                return (text[..middle], p, o);
            }
        }

        return (record.Topic, record.Partition.Value, record.Offset.Value);
    }

    private static DateTimeOffset? ReceivedAt(ConsumeResult<byte[]?, byte[]?> record)
    {
        if (record.Message.Headers?.TryGetLastBytes("sr-received-at", out var bytes) == true
            && long.TryParse(Encoding.UTF8.GetString(bytes), CultureInfo.InvariantCulture, out var ms))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return null;
    }
}
