using Confluent.Kafka;

namespace StreamRefiner.Pipeline.Kafka;

/// <summary>Helpers of the consume-loop shape both stages share.</summary>
internal static class ConsumeBatches
{
    /// <summary>
    /// Waits up to <paramref name="wait"/> for a first record, then takes what is already fetched, up to
    /// <paramref name="max"/> records. End-of-partition events go to <paramref name="onEof"/> (with the end
    /// offset) as they are read, that is before the caller has seen the batch's records.
    /// </summary>
    public static List<ConsumeResult<TKey, TValue>> Read<TKey, TValue>(IConsumer<TKey, TValue> consumer, int max,
        TimeSpan wait, Action<TopicPartitionOffset>? onEof)
    {
        var batch = new List<ConsumeResult<TKey, TValue>>();
        var timeout = wait;
        while (batch.Count < max)
        {
            ConsumeResult<TKey, TValue>? result;
            try
            {
                result = consumer.Consume(timeout);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal && batch.Count > 0)
            {
                // What was read before the error is returned; the error comes again with the next read.
                break;
            }

            if (result is null)
            {
                break;
            }

            if (result.IsPartitionEOF)
            {
                onEof?.Invoke(result.TopicPartitionOffset);
                continue;
            }

            batch.Add(result);
            timeout = TimeSpan.Zero;
        }

        return batch;
    }

    /// <summary>
    /// The offsets to commit after <paramref name="batch"/>: one past the last record of each partition.
    /// </summary>
    public static List<TopicPartitionOffset> NextOffsets<TKey, TValue>(
        IEnumerable<ConsumeResult<TKey, TValue>> batch) =>
        [.. batch.GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, new Offset(g.Max(r => r.Offset.Value) + 1)))];

    /// <summary>Seeks each partition of an abandoned batch back to its first record, so nothing is skipped.</summary>
    public static void Rewind<TKey, TValue>(IConsumer<TKey, TValue> consumer,
        IEnumerable<ConsumeResult<TKey, TValue>> batch)
    {
        var assigned = consumer.Assignment.ToHashSet();
        foreach (var group in batch.GroupBy(r => r.TopicPartition))
        {
            if (assigned.Contains(group.Key))
            {
                consumer.Seek(new TopicPartitionOffset(group.Key, new Offset(group.Min(r => r.Offset.Value))));
            }
        }
    }
}
