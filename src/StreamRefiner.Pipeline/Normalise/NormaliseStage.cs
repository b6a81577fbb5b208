using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Consent;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Pipeline.Observability;

namespace StreamRefiner.Pipeline.Normalise;

/// <summary>
/// Stage 1: reads the raw input topics in whatever format they were landed, turns each record into canonical
/// events keyed by contact on the internal events topic, and dead-letters what it cannot read. Input offsets
/// are committed only after the batch's output is acknowledged by Kafka (at-least-once; the decide stage
/// drops the duplicates a replay can cause by event deduplication key).
/// </summary>
public sealed class NormaliseStage
{
    public const string StageName = "normalise";

    private readonly KafkaOptions _kafka;
    private readonly PipelineOptions _options;
    private readonly RecordParser _parser;
    private readonly PipelineHealth _health;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ConsumerLagTracker _lag = new(StageName);

    // Offsets of batches whose output is acknowledged but whose commit failed, per input partition.
    private readonly Dictionary<TopicPartition, Offset> _deferred = [];

    public NormaliseStage(KafkaOptions kafka, PipelineOptions options, RecordParser parser, PipelineHealth health,
        TimeProvider clock, ILogger<NormaliseStage> logger)
    {
        _kafka = kafka;
        _options = options;
        _parser = parser;
        _health = health;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Runs the consume loop on the calling thread until <paramref name="stopping"/> is cancelled.</summary>
    public void Run(CancellationToken stopping)
    {
        var clientId = $"streamrefiner-{StageName}-{Environment.MachineName}";
        using var hardStop = new HardStop(stopping, TimeSpan.FromSeconds(10));
        using var producer = new BatchProducer(KafkaConfigs.Producer(_kafka, clientId), _logger);
        var consumerConfig = KafkaConfigs.Consumer(_kafka, _kafka.NormaliseGroupId, clientId);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig)
            .SetPartitionsAssignedHandler((_, parts) =>
            {
                PipelineLog.PartitionsAssigned(_logger, StageName, Describe(parts));
                _health.ReportMembership(StageName, joined: true);
            })
            .SetPartitionsLostHandler((_, parts) =>
            {
                // Lost, not revoked: another member may own them already, so their deferred offsets are dropped.
                foreach (var part in parts)
                {
                    _deferred.Remove(part.TopicPartition);
                }

                _health.ReportMembership(StageName, joined: false);
            })
            .SetPartitionsRevokedHandler((c, parts) =>
            {
                CommitDeferred(c, parts.Select(p => p.TopicPartition), revoking: true);
                PipelineLog.PartitionsRevoked(_logger, StageName, Describe(parts.Select(p => p.TopicPartition)));
            })
            .SetLogHandler((_, message) => PipelineLog.KafkaClient(_logger, message))
            .Build();

        consumer.Subscribe(_kafka.Topics.Inputs);
        PipelineLog.StageStarted(_logger, StageName, string.Join(",", _kafka.Topics.Inputs));
        _health.Report(StageName, running: true, problem: null);

        var failures = 0;
        var delay = _options.RetryDelayMilliseconds;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                List<ConsumeResult<byte[]?, byte[]?>> batch;
                try
                {
                    batch = ConsumeBatches.Read(consumer, _options.MaxBatchSize,
                        TimeSpan.FromMilliseconds(_options.MaxBatchWaitMilliseconds), onEof: null);
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    // Nothing read (Read returns what it had before an error): not a reason to stop the worker.
                    failures++;
                    PipelineMetrics.BatchFailures.WithLabels(StageName, "kafka").Inc();
                    PipelineLog.BatchFailed(_logger, StageName, "kafka", delay, e);
                    _health.Report(StageName, running: true, problem: "kafka unreachable");
                    stopping.WaitHandle.WaitOne(delay);
                    continue;
                }

                _lag.Update(consumer);
                if (batch.Count == 0)
                {
                    continue;
                }

                try
                {
                    Process(batch, consumer, producer, hardStop.Token);
                    if (failures > 0)
                    {
                        PipelineLog.Recovered(_logger, StageName, failures);
                        _health.Report(StageName, running: true, problem: null);
                    }

                    failures = 0;
                    delay = _options.RetryDelayMilliseconds;
                }
                catch (KafkaException e) when (!e.Error.IsFatal)
                {
                    failures++;
                    PipelineMetrics.BatchFailures.WithLabels(StageName, "kafka").Inc();
                    PipelineLog.BatchFailed(_logger, StageName, "kafka", delay, e);
                    _health.Report(StageName, running: true, problem: "kafka unreachable");
                    ConsumeBatches.Rewind(consumer, batch);
                    stopping.WaitHandle.WaitOne(delay);
                    delay = Math.Min(delay * 2, _options.MaxRetryDelayMilliseconds);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown while a dependency was down: the batch was not committed and will be read again.
        }
        catch (KafkaException e)
        {
            PipelineLog.FatalError(_logger, StageName, e);
            throw;
        }
        finally
        {
            _health.Report(StageName, running: false, problem: "stopped");
            _lag.Clear();
            consumer.Close();
            PipelineLog.StageStopped(_logger, StageName);
        }
    }

    private void Process(List<ConsumeResult<byte[]?, byte[]?>> batch, IConsumer<byte[]?, byte[]?> consumer,
        BatchProducer producer, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var counts = new Dictionary<(string Topic, string Type), int>();
        var deadLetters = new Dictionary<string, int>(StringComparer.Ordinal);
        var ambiguous = 0;
        foreach (var record in batch)
        {
            var formatHeader = record.Message.Headers?.TryGetLastBytes("sr-format", out var header) == true
                ? Encoding.UTF8.GetString(header)
                : null;
            var outcome = _parser.Parse(new RawRecord(record.Message.Value ?? [], record.Message.Timestamp.UtcDateTime,
                record.Topic, formatHeader));
            if (outcome.Rejection is { } reason)
            {
                var name = reason.Name();
                producer.Send(_kafka.Topics.DeadLetter,
                    DeadLetterRecord.Create(record, name, outcome.Detail ?? name, outcome.Format, _clock.GetUtcNow()),
                    cancellationToken);
                deadLetters[name] = deadLetters.GetValueOrDefault(name) + 1;
                Count(counts, record.Topic, "dead_letter");
                continue;
            }

            if (outcome.Events.Count == 0)
            {
                Count(counts, record.Topic, "ignored");
            }

            var source = Encoding.UTF8.GetBytes($"{record.Topic}/{record.Partition.Value}/{record.Offset.Value}");

            // When the payload landed in Kafka: the ledger's received_at for consent events.
            var receivedAt = Encoding.UTF8.GetBytes(
                record.Message.Timestamp.UnixTimestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var e in outcome.Events)
            {
                producer.Send(_kafka.Topics.Events, new Message<byte[]?, byte[]>
                {
                    Key = Encoding.UTF8.GetBytes(e.Contact),
                    Value = CanonicalEventJson.Serialize(e),
                    Timestamp = new Timestamp(e.OccurredAt),
                    Headers = new Headers
                    {
                        { "sr-source", source },
                        { "sr-format", Encoding.UTF8.GetBytes(outcome.Format) },
                        { "sr-received-at", receivedAt },
                    },
                }, cancellationToken);
                Count(counts, record.Topic, EventTypeNames.Name(e.Type));
                ambiguous += e.ConsentReason == ConsentClassifier.Ambiguous ? 1 : 0;
            }
        }

        producer.Complete(cancellationToken);

        // The batch's output is in Kafka: from here on the batch is done, even when the commit fails (a group
        // rebalancing, a coordinator moving). Reading it again would only write it all again; its offsets are
        // committed with the next batch's, or when the partitions are revoked.
        foreach (var next in ConsumeBatches.NextOffsets(batch))
        {
            _deferred[next.TopicPartition] = next.Offset;
        }

        CommitDeferred(consumer, _deferred.Keys.ToList(), revoking: false);

        // Counted once the batch's output is acknowledged: a batch is not done twice by one instance.
        foreach (var ((topic, type), count) in counts)
        {
            PipelineMetrics.EventsConsumed.WithLabels(topic, type).Inc(count);
        }

        PipelineMetrics.AmbiguousReplies.Inc(ambiguous);
        foreach (var (reason, count) in deadLetters)
        {
            PipelineMetrics.DeadLetters.WithLabels(reason).Inc(count);
        }

        if (deadLetters.Count > 0 && deadLetters.Values.Sum() >= 10)
        {
            PipelineLog.DeadLettered(_logger, deadLetters.Values.Sum(), deadLetters.Keys.First());
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        PipelineMetrics.ProcessingLatency.WithLabels(StageName).Observe(seconds, batch.Count);
    }

    /// <summary>
    /// Commits the done-but-uncommitted offsets of <paramref name="partitions"/>. On failure they stay for the next
    /// attempt, unless the partitions are being revoked: the next owner then reads those records again, and the
    /// decide stage drops the repeats by deduplication key.
    /// </summary>
    private void CommitDeferred(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<TopicPartition> partitions,
        bool revoking)
    {
        var offsets = partitions
            .Where(_deferred.ContainsKey)
            .Select(tp => new TopicPartitionOffset(tp, _deferred[tp]))
            .ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        var committed = false;
        try
        {
            consumer.Commit(offsets);
            committed = true;
        }
        catch (KafkaException e) when (!e.Error.IsFatal)
        {
            PipelineLog.CommitDeferred(_logger, StageName, offsets.Count, e.Error.Code.ToString());
        }

        if (committed || revoking)
        {
            foreach (var offset in offsets)
            {
                _deferred.Remove(offset.TopicPartition);
            }
        }
    }

    private static void Count(Dictionary<(string, string), int> counts, string topic, string type) =>
        counts[(topic, type)] = counts.GetValueOrDefault((topic, type)) + 1;

    private static string Describe(IEnumerable<TopicPartition> parts) =>
        string.Join(",", parts.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
}
