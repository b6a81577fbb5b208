using System.Globalization;
using Confluent.Kafka;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// Publishes <see cref="PipelineMetrics.ConsumerLag"/> for one stage's consumer: for each assigned partition, the
/// high watermark the client last fetched minus the consumer's position. Both come from the client's cache, so
/// an update costs no network call; it runs on the consume thread after every poll. Partitions that are no
/// longer assigned are removed, so the series count is bounded by the partitions of the stage's topics.
/// </summary>
public sealed class ConsumerLagTracker(string stage)
{
    private readonly HashSet<(string Topic, int Partition)> _published = [];

    public void Update<TKey, TValue>(IConsumer<TKey, TValue> consumer)
    {
        var assigned = new HashSet<(string, int)>();
        foreach (var tp in consumer.Assignment)
        {
            // A partition just sought back (a batch retried during an outage) has no position for a moment: its
            // last value stays, so the lag series does not vanish while the alert on it needs it.
            var key = (tp.Topic, tp.Partition.Value);
            assigned.Add(key);
            var watermarks = consumer.GetWatermarkOffsets(tp);
            var position = consumer.Position(tp);
            if (watermarks.High == Offset.Unset || position == Offset.Unset)
            {
                continue;
            }

            _published.Add(key);
            var lag = Math.Max(0, watermarks.High.Value - position.Value);
            PipelineMetrics.ConsumerLag.WithLabels(stage, tp.Topic, Partition(tp.Partition.Value)).Set(lag);
        }

        foreach (var gone in _published.Where(p => !assigned.Contains(p)).ToList())
        {
            PipelineMetrics.ConsumerLag.RemoveLabelled(stage, gone.Topic, Partition(gone.Partition));
            _published.Remove(gone);
        }
    }

    /// <summary>Removes every series of this stage (the stage stopped and owns nothing).</summary>
    public void Clear()
    {
        foreach (var (topic, partition) in _published)
        {
            PipelineMetrics.ConsumerLag.RemoveLabelled(stage, topic, Partition(partition));
        }

        _published.Clear();
    }

    private static string Partition(int partition) => partition.ToString(CultureInfo.InvariantCulture);
}
