using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Events;
using StreamRefiner.Domain.Segments;
using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Pipeline.Kafka;
using StreamRefiner.Pipeline.Ledger;
using StreamRefiner.Pipeline.Normalise;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Pipeline.Transitions;
using StreamRefiner.State;

namespace StreamRefiner.Pipeline.Decide;

/// <summary>
/// Stage 2: reads canonical events keyed by contact, and per batch: loads the batch's contacts from Redis in one
/// pipelined exchange, applies events and due timers through the <see cref="Decider"/>, writes the new states
/// (with the decided transitions in each contact's outbox), produces the transitions, commits the input
/// offsets, then clears the outboxes.
/// </summary>
/// <remarks>
/// Crash safety: each contact stores the highest offset it applied, so a replayed record changes nothing; a
/// transition decided but not acknowledged stays in the contact's outbox with the input offset its transaction
/// commits, and is produced again (same id) only when the group's committed offset shows that transaction did not
/// commit. Timers fire only in a batch holding a record of their partition — an event, or a timer tick this stage
/// wrote for the purpose (see <see cref="TimerTick"/>) — so every outbox has that offset. With transactions on,
/// transitions, dead letters and input offsets commit together. The ledger (when one is given) receives the
/// batch's transitions and consent events after Redis saved them and before the offsets are committed; a crash in
/// between replays them and the ledger's keys absorb the repeat. When the ledger is down the batch fails and is
/// retried.
/// </remarks>
public sealed class DecideStage
{
    public const string StageName = "decide";

    /// <summary>Dead-letter reason of a record on an internal-topic partition its contact does not hash to.</summary>
    public const string WrongPartition = "wrong_partition";

    private const string MalformedInternal = "malformed_internal";
    private const string FutureEvent = "future_event";

    private readonly KafkaOptions _kafka;
    private readonly PipelineOptions _options;
    private readonly RedisContactStore _store;
    private readonly DeciderHolder _decider;
    private readonly PipelineHealth _health;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ILedgerWriter? _ledger;
    private readonly Dictionary<int, PartitionClock> _partitions = [];
    private readonly HashSet<int> _needsRecovery = [];
    private readonly HashSet<int> _needsCounts = [];
    private readonly SegmentCounts _counts;
    private readonly ConsumerLagTracker _lag = new(StageName);

    // The group's committed input offset per owned partition, as this owner last saw or wrote it.
    private readonly Dictionary<int, long> _committed = [];

    // The internal topic's partition count, from the broker; null while unknown (no partition check then).
    private int? _eventsPartitions;
    private bool _needsPartitionCount = true;

    // Owned partitions with a timer tick written (its transaction committed) but not read back yet, and when.
    private readonly Dictionary<int, DateTimeOffset> _ticksInFlight = [];

    /// <summary>How long a written tick may stay unread before another is written (one lost with its transaction).
    /// </summary>
    private static readonly TimeSpan TickRetry = TimeSpan.FromSeconds(5);

    public DecideStage(KafkaOptions kafka, PipelineOptions options, RedisContactStore store, DeciderHolder decider,
        PipelineHealth health, TimeProvider clock, ILogger<DecideStage> logger, ILedgerWriter? ledger = null)
    {
        _ledger = ledger;
        _kafka = kafka;
        _options = options;
        _store = store;
        _decider = decider;
        _health = health;
        _clock = clock;
        _logger = logger;
        _counts = new SegmentCounts(
            decider.Current.Rules.Segments.Select(s => s.Name).Append(RuleSet.OptedOut).Distinct());
    }

    /// <summary>
    /// Called with the batch's transitions after its transaction committed and before the outboxes are
    /// acknowledged. Tests use it to stop a stage at that point, as a crash would.
    /// </summary>
    internal Action<IReadOnlyList<Transition>>? AfterCommit { get; init; }

    /// <summary>How far past the wall clock an event or tick read from the internal topic may lie
    /// (<c>Inputs:MaxFutureSkewSeconds</c>, as for input records).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs the consume loop on the calling thread until <paramref name="stopping"/> is cancelled.</summary>
    public void Run(CancellationToken stopping)
    {
        var clientId = $"streamrefiner-{StageName}-{Environment.MachineName}";
        using var hardStop = new HardStop(stopping, TimeSpan.FromSeconds(10));
        var transactionalId = string.IsNullOrEmpty(_kafka.TransactionalId)
            ? $"streamrefiner-{StageName}-{Environment.MachineName}"
            : _kafka.TransactionalId;
        BatchProducer NewProducer() => new(_kafka.Transactions
            ? KafkaConfigs.TransactionalProducer(_kafka, clientId, transactionalId)
            : KafkaConfigs.Producer(_kafka, clientId), _logger);
        BatchProducer? producer = null;
        var consumerConfig = KafkaConfigs.Consumer(_kafka, _kafka.DecideGroupId, clientId);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig)
            .SetPartitionsAssignedHandler((_, parts) => OnAssigned(parts))
            .SetPartitionsRevokedHandler((_, parts) => OnRevoked(parts.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, parts) =>
            {
                OnRevoked(parts.Select(p => p.TopicPartition));
                _health.ReportMembership(StageName, joined: false);
            })
            .SetLogHandler((_, message) => PipelineLog.KafkaClient(_logger, message))
            .Build();

        consumer.Subscribe(_kafka.Topics.Events);
        PipelineLog.StageStarted(_logger, StageName, _kafka.Topics.Events);
        _health.Report(StageName, running: true, problem: null);

        var failures = 0;
        var delay = _options.RetryDelayMilliseconds;
        var idle = TimeSpan.FromMilliseconds(_options.WallClockIdleMilliseconds);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                List<ConsumeResult<byte[]?, byte[]?>> batch;
                try
                {
                    batch = ConsumeBatches.Read(consumer, _options.MaxBatchSize,
                        TimeSpan.FromMilliseconds(_options.MaxBatchWaitMilliseconds),
                        end => Clock(end.Partition.Value, idle).OnEndOfPartition(_clock.GetUtcNow(), end.Offset.Value));
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

                batch.RemoveAll(r => !_partitions.ContainsKey(r.Partition.Value));
                _lag.Update(consumer);

                try
                {
                    // Created here, not before the loop: InitTransactions needs the broker, which may be down.
                    producer ??= NewProducer();
                    RecoverOutboxes(consumer, producer, hardStop.Token);
                    LoadCounts();
                    LoadPartitionCount(consumer);
                    Process(batch, consumer, producer, idle, hardStop.Token);
                    if (failures > 0)
                    {
                        PipelineLog.Recovered(_logger, StageName, failures);
                        _health.Report(StageName, running: true, problem: null);
                    }

                    failures = 0;
                    delay = _options.RetryDelayMilliseconds;
                }
                catch (Exception e) when (IsTransient(e, out var dependency))
                {
                    failures++;
                    PipelineMetrics.BatchFailures.WithLabels(StageName, dependency).Inc();
                    PipelineLog.BatchFailed(_logger, StageName, dependency, delay, e);
                    _health.Report(StageName, running: true, problem: $"{dependency} unreachable");
                    producer = AbortOrDrop(producer);
                    ConsumeBatches.Rewind(consumer, batch);

                    // A failed write may have landed in part: re-read the owned partitions' counts from Redis.
                    _needsCounts.UnionWith(_partitions.Keys);
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

            // A transaction still open here (its batch failed during shutdown) is aborted, never committed.
            AbortOrDrop(producer)?.Dispose();
            consumer.Close();
            PipelineLog.StageStopped(_logger, StageName);
        }
    }

    private void Process(List<ConsumeResult<byte[]?, byte[]?>> batch, IConsumer<byte[]?, byte[]?> consumer,
        BatchProducer producer, TimeSpan idle, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var work = new Dictionary<string, ContactWork>(StringComparer.Ordinal);
        var deadLetters = new List<(Message<byte[]?, byte[]> Message, string Reason)>();
        var ledgerRows = new LedgerRows();
        foreach (var record in batch)
        {
            if (TimerTick.IsTick(record.Message))
            {
                ReadTick(record, idle, deadLetters);
                continue;
            }

            CanonicalEvent? e = null;
            try
            {
                e = CanonicalEventJson.Deserialize(record.Message.Value ?? []);
            }
            catch (Exception ex)
                when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
            {
                DeadLetter(deadLetters, record, MalformedInternal, "internal event is not canonical JSON", "canonical");
            }

            if (e is null || !Belongs(e, record, deadLetters))
            {
                continue;
            }

            ledgerRows.AddEvent(e, record);
            var partition = record.Partition.Value;
            Clock(partition, idle).OnRecord(e.OccurredAt, record.Offset.Value);
            if (!work.TryGetValue(e.Contact, out var contactWork))
            {
                contactWork = new ContactWork(partition);
                work[e.Contact] = contactWork;
            }

            contactWork.Events.Add((e, record.Offset.Value));
        }

        // The input offsets this batch commits; each contact's outbox remembers its partition's (see OutboxLines).
        var nextOffsets = ConsumeBatches.NextOffsets(batch);
        var commitFor = nextOffsets.ToDictionary(o => o.Partition.Value, o => o.Offset.Value);
        var (streamTimes, ticks) = CollectDueTimers(work, commitFor);
        var transitions = new List<Transition>();
        var outgoing = new List<(string Contact, string Json)>();
        var acks = new List<(string Contact, int Partition, long Version)>();
        if (work.Count > 0)
        {
            var contacts = work.Keys.ToList();
            var stored = RedisCalls.Run(_clock, "load", () => _store.LoadAsync(contacts));
            var decider = _decider.Current;
            var log = new DecisionLog();
            var writes = new List<ContactWrite>(stored.Length);
            foreach (var contact in stored)
            {
                var item = work[contact.Contact];
                var first = log.Transitions.Count;
                var (segmentBefore, pendingBefore) = (contact.State.Segment, contact.State.Pending);
                foreach (var (e, offset) in item.Events)
                {
                    var result = decider.Apply(contact.State, e, offset, log);
                    if (result != ApplyResult.Applied)
                    {
                        var kind = result == ApplyResult.Duplicate ? "duplicate" : "replayed";
                        PipelineMetrics.DuplicateEvents.WithLabels(kind).Inc();
                    }
                }

                if (streamTimes.TryGetValue(item.Partition, out var streamTime))
                {
                    decider.Fire(contact.State, contact.Contact, streamTime, log);
                }

                // Transitions of an earlier failed attempt whose transaction did not commit go out again with these.
                var previous = OutboxLines.Pending(contact.Outbox, CommittedOffset(item.Partition), out _);
                var lines = previous.Concat(log.Transitions.Skip(first).Select(TransitionJson.Serialize)).ToList();
                // Every contact here has a record (an event or a tick) of its partition in this batch.
                var outbox = OutboxLines.Create(commitFor[item.Partition], lines);
                writes.Add(new ContactWrite(contact.Contact, item.Partition, contact.State, contact.Version, outbox)
                {
                    SizeDeltas = SegmentCounts.Delta(segmentBefore, pendingBefore, contact.State.Segment,
                        contact.State.Pending),
                });
                outgoing.AddRange(lines.Select(json => (contact.Contact, json)));
                foreach (var json in previous)
                {
                    ledgerRows.AddRecovered(TransitionJson.Read(json));
                }
            }

            var versions = RedisCalls.Run(_clock, "save", () => _store.SaveAsync(writes));
            foreach (var t in log.Transitions)
            {
                ledgerRows.AddTransition(t);
            }

            for (var i = 0; i < writes.Count; i++)
            {
                _counts.Apply(writes[i].Partition, writes[i].SizeDeltas);
                if (writes[i].NewOutbox.Count > 0 || stored[i].Outbox.Count > 0)
                {
                    acks.Add((writes[i].Contact, writes[i].Partition, versions[i]));
                }
            }

            transitions.AddRange(log.Transitions);
            CountDecisions(log);
        }

        WriteLedger(ledgerRows.Batch, cancellationToken);
        foreach (var (contact, json) in outgoing)
        {
            producer.Send(_kafka.Topics.Transitions, TransitionMessage(contact, json), cancellationToken);
        }

        foreach (var (deadLetter, _) in deadLetters)
        {
            producer.Send(_kafka.Topics.DeadLetter, deadLetter, cancellationToken);
        }

        foreach (var (partition, streamTime) in ticks)
        {
            producer.Send(new TopicPartition(_kafka.Topics.Events, partition), TimerTick.Create(streamTime),
                cancellationToken);
        }

        // Transactional: the transitions, dead letters and input offsets commit together or not at all.
        if (producer.IsTransactional)
        {
            if (batch.Count > 0 || producer.InTransaction)
            {
                producer.CommitTransaction(nextOffsets, consumer.ConsumerGroupMetadata, cancellationToken);
            }

            // The same offsets once more, outside the transaction: a no-op on Kafka (the transaction committed
            // them), but librdkafka's mock cluster (the dev broker) acknowledges transactional offset commits
            // without storing them, and would otherwise replay every partition from the start after a restart.
            // Best effort: the transaction has committed, so a failure here (a rebalance) must not fail the batch.
            if (batch.Count > 0)
            {
                try
                {
                    consumer.Commit(nextOffsets);
                }
                catch (KafkaException e)
                {
                    PipelineLog.PlainCommitSkipped(_logger, StageName, e.Error.Code.ToString());
                }
            }
        }
        else
        {
            producer.Complete(cancellationToken);
            if (batch.Count > 0)
            {
                consumer.Commit(nextOffsets);
            }
        }

        foreach (var (partition, offset) in commitFor)
        {
            _committed[partition] = offset;
        }

        foreach (var (partition, _) in ticks)
        {
            _ticksInFlight[partition] = _clock.GetUtcNow();
        }

        PipelineMetrics.TimerTicks.Inc(ticks.Count);
        AfterCommit?.Invoke(transitions);

        ObserveOptOuts(transitions);

        _counts.Publish();
        foreach (var t in transitions)
        {
            PipelineMetrics.Transitions.WithLabels(t.From ?? "none", t.To).Inc();
        }

        foreach (var reason in deadLetters.GroupBy(d => d.Reason))
        {
            PipelineMetrics.DeadLetters.WithLabels(reason.Key).Inc(reason.Count());
        }

        if (batch.Count > 0)
        {
            PipelineMetrics.ProcessingLatency.WithLabels(StageName)
                .Observe(Stopwatch.GetElapsedTime(started).TotalSeconds, batch.Count);
        }

        if (acks.Count > 0)
        {
            try
            {
                RedisCalls.Run(_clock, "ack", () => _store.AckOutboxAsync(acks));
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                // The batch is committed: failing it would read it again and dead-letter its bad records twice.
                // The outboxes are acknowledged when these partitions are recovered before the next batch (their
                // offsets show the transaction committed); until Redis answers, that recovery fails the batches.
                _needsRecovery.UnionWith(acks.Select(a => a.Partition));
                PipelineLog.OutboxAckDeferred(_logger, StageName, acks.Count, e.GetType().Name);
            }
        }
    }

    /// <summary>
    /// Adds the contacts whose timers are due to the batch, for the partitions that have a record in it
    /// (<paramref name="commitFor"/>); returns those partitions' stream times, and the partitions with contacts
    /// due but no record in the batch, which get a timer tick (see <see cref="TimerTick"/>) instead.
    /// </summary>
    private (Dictionary<int, DateTimeOffset> StreamTimes, List<(int Partition, DateTimeOffset StreamTime)> Ticks)
        CollectDueTimers(Dictionary<string, ContactWork> work, Dictionary<int, long> commitFor)
    {
        var now = _clock.GetUtcNow();
        var streamTimes = new Dictionary<int, DateTimeOffset>();
        var lookups = new List<(int Partition, DateTimeOffset StreamTime, Task<(string, DateTimeOffset)[]> Due)>();
        foreach (var (partition, clock) in _partitions)
        {
            if (clock.StreamTime(now) is not { } streamTime)
            {
                continue;
            }

            if (commitFor.ContainsKey(partition))
            {
                streamTimes[partition] = streamTime;
                lookups.Add((partition, streamTime,
                    _store.DueWithTimesAsync(partition, streamTime, _options.TimerBatchLimit)));
            }
            else if (!_ticksInFlight.TryGetValue(partition, out var sent) || now - sent >= TickRetry)
            {
                // Only whether anything is due: the contacts are fired when the tick is read back.
                lookups.Add((partition, streamTime, _store.DueWithTimesAsync(partition, streamTime, 1)));
            }
        }

        var ticks = new List<(int Partition, DateTimeOffset StreamTime)>();
        foreach (var (partition, streamTime, task) in lookups)
        {
            var due = RedisCalls.Run(_clock, "due", () => task);
            if (!streamTimes.ContainsKey(partition))
            {
                if (due.Length > 0)
                {
                    ticks.Add((partition, streamTime));
                }

                continue;
            }

            foreach (var (contact, dueAt) in due)
            {
                if (!work.ContainsKey(contact))
                {
                    work[contact] = new ContactWork(partition);
                    PipelineMetrics.TimersFired.Inc();
                    PipelineMetrics.TimerLateness.Observe(Math.Max(0, (now - dueAt).TotalSeconds));
                }
            }
        }

        return (streamTimes, ticks);
    }

    /// <summary>A timer tick read back: its partition's stream time moves to the tick's (a bad one is dead-lettered).
    /// </summary>
    private void ReadTick(ConsumeResult<byte[]?, byte[]?> record, TimeSpan idle,
        List<(Message<byte[]?, byte[]> Message, string Reason)> deadLetters)
    {
        var partition = record.Partition.Value;
        _ticksInFlight.Remove(partition);
        if (!TimerTick.TryRead(record.Message.Value, out var streamTime))
        {
            DeadLetter(deadLetters, record, MalformedInternal,
                "record marked as a timer tick has no valid tick_stream_time_ms", "tick");
        }
        else if (streamTime > _clock.GetUtcNow() + MaxFutureSkew)
        {
            // This stage writes ticks with a stream time no later than now; one from the future would fire every
            // timer of the partition years early and push its contacts' clocks past all later events.
            DeadLetter(deadLetters, record, FutureEvent, "timer tick beyond the allowed future skew", "tick");
        }
        else
        {
            Clock(partition, idle).OnTick(streamTime);
        }
    }

    /// <summary>
    /// Whether a canonical event read from the internal topic may be applied: not from beyond the future skew
    /// (the normalise stage refuses those; a record written to the internal topic by hand may not), and on the
    /// partition its contact hashes to. A contact's state remembers one offset, that of its own partition: an event
    /// of it on another partition would be applied, and then make the contact's next events look replayed.
    /// </summary>
    private bool Belongs(CanonicalEvent e, ConsumeResult<byte[]?, byte[]?> record,
        List<(Message<byte[]?, byte[]> Message, string Reason)> deadLetters)
    {
        if (e.OccurredAt > _clock.GetUtcNow() + MaxFutureSkew)
        {
            DeadLetter(deadLetters, record, FutureEvent, "internal event beyond the allowed future skew", "canonical");
            return false;
        }

        if (_eventsPartitions is { } partitions
            && KeyPartitioner.PartitionFor(Encoding.UTF8.GetBytes(e.Contact), partitions) is var home
            && home != record.Partition.Value)
        {
            DeadLetter(deadLetters, record, WrongPartition,
                $"the contact's events belong on partition {home} of {partitions} (murmur2 of the contact)",
                "canonical");
            return false;
        }

        return true;
    }

    private void DeadLetter(List<(Message<byte[]?, byte[]> Message, string Reason)> deadLetters,
        ConsumeResult<byte[]?, byte[]?> record, string reason, string detail, string format) =>
        deadLetters.Add((DeadLetterRecord.Create(record, reason, detail, format, _clock.GetUtcNow()), reason));

    /// <summary>Reads the internal topic's partition count (once per assignment) for <see cref="Belongs"/>.</summary>
    private void LoadPartitionCount(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (!_needsPartitionCount)
        {
            return;
        }

        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var topic = admin.GetMetadata(_kafka.Topics.Events, TimeSpan.FromSeconds(10)).Topics
            .FirstOrDefault(t => t.Topic == _kafka.Topics.Events);
        if (topic is not { Error.IsError: false, Partitions.Count: > 0 })
        {
            // Asked again before the next batch; the check stays off meanwhile rather than blocking the stage.
            PipelineLog.PartitionCountUnknown(_logger, StageName, topic?.Error.Code.ToString() ?? "not found");
            return;
        }

        _eventsPartitions = topic.Partitions.Count;
        _needsPartitionCount = false;
    }

    /// <summary>
    /// On assignment: reads the group's committed offsets of the new partitions, then produces (in one
    /// transaction) the transitions a previous owner saved but whose transaction did not commit; outboxes whose
    /// transaction did commit are only acknowledged (see <see cref="OutboxLines"/>).
    /// </summary>
    private void RecoverOutboxes(IConsumer<byte[]?, byte[]?> consumer, BatchProducer producer,
        CancellationToken cancellationToken)
    {
        if (_needsRecovery.Count == 0)
        {
            return;
        }

        var partitions = _needsRecovery.ToList();
        var committed = consumer.Committed(
            partitions.Select(p => new TopicPartition(_kafka.Topics.Events, p)), TimeSpan.FromSeconds(10));
        foreach (var c in committed)
        {
            if (c.Offset.Value >= 0)
            {
                _committed[c.Partition.Value] = c.Offset.Value;
            }
            else
            {
                _committed.Remove(c.Partition.Value);
            }
        }

        var acks = new List<(string Contact, int Partition, long Version)>();
        var ledgerRows = new LedgerRows();
        var outgoing = new List<(string Contact, string Json, int Partition)>();
        foreach (var partition in partitions)
        {
            var contacts = RedisCalls.Run(_clock, "outbox", () => _store.OutboxContactsAsync(partition));
            var stored = RedisCalls.Run(_clock, "load", () => _store.LoadAsync(contacts));
            foreach (var contact in stored)
            {
                foreach (var json in OutboxLines.Pending(contact.Outbox, CommittedOffset(partition), out _))
                {
                    ledgerRows.AddRecovered(TransitionJson.Read(json));
                    outgoing.Add((contact.Contact, json, partition));
                }

                acks.Add((contact.Contact, partition, contact.Version));
            }
        }

        WriteLedger(ledgerRows.Batch, cancellationToken);
        foreach (var (contact, json, _) in outgoing)
        {
            producer.Send(_kafka.Topics.Transitions, TransitionMessage(contact, json), cancellationToken);
        }

        if (producer.IsTransactional)
        {
            if (producer.InTransaction)
            {
                producer.CommitTransaction([], consumer.ConsumerGroupMetadata, cancellationToken);
            }
        }
        else
        {
            producer.Complete(cancellationToken);
        }

        RedisCalls.Run(_clock, "ack", () => _store.AckOutboxAsync(acks));
        _needsRecovery.ExceptWith(partitions);
        foreach (var group in outgoing.GroupBy(o => o.Partition))
        {
            PipelineLog.OutboxRecovered(_logger, group.Count(), group.Select(o => o.Contact).Distinct().Count(),
                group.Key);
        }
    }

    /// <summary>
    /// Aborts the failed batch's transaction. A producer that cannot abort (fenced, or in a fatal state) is
    /// disposed and null returned: the next attempt creates a new one.
    /// </summary>
    private BatchProducer? AbortOrDrop(BatchProducer? producer)
    {
        try
        {
            producer?.Abort();
            return producer;
        }
        catch (KafkaException e)
        {
            PipelineLog.ProducerReplaced(_logger, StageName, e.Error.Code.ToString(), e);
            producer?.Dispose();
            return null;
        }
    }

    private long? CommittedOffset(int partition) => _committed.TryGetValue(partition, out var offset) ? offset : null;

    /// <summary>Loads the segment counts of newly assigned partitions (see <see cref="SegmentCounts"/>).</summary>
    private void LoadCounts()
    {
        foreach (var partition in _needsCounts.ToList())
        {
            var counts = RedisCalls.Run(_clock, "sizes", () => _store.SizesAsync(partition));
            _counts.Load(partition, counts);
            _needsCounts.Remove(partition);
        }
    }

    private void ObserveOptOuts(List<Transition> transitions)
    {
        var now = _clock.GetUtcNow();
        foreach (var t in transitions)
        {
            if (t.To == RuleSet.OptedOut && t.TriggerEventTime is { } eventTime)
            {
                PipelineMetrics.OptOutLatency.Observe(Math.Max(0, (now - eventTime).TotalSeconds));
            }
        }
    }

    private void OnAssigned(IEnumerable<TopicPartition> parts)
    {
        var list = parts.ToList();
        foreach (var part in list)
        {
            _partitions[part.Partition.Value] =
                new PartitionClock(TimeSpan.FromMilliseconds(_options.WallClockIdleMilliseconds));
            _ticksInFlight.Remove(part.Partition.Value);
            _needsRecovery.Add(part.Partition.Value);
            _needsCounts.Add(part.Partition.Value);
            _needsPartitionCount = true;
        }

        _health.ReportMembership(StageName, joined: true);

        PipelineLog.PartitionsAssigned(_logger, StageName, string.Join(",", list.Select(p => p.Partition.Value)));
    }

    private void OnRevoked(IEnumerable<TopicPartition> parts)
    {
        var list = parts.ToList();
        foreach (var part in list)
        {
            _partitions.Remove(part.Partition.Value);
            _committed.Remove(part.Partition.Value);
            _ticksInFlight.Remove(part.Partition.Value);
            _needsRecovery.Remove(part.Partition.Value);
            _needsCounts.Remove(part.Partition.Value);
            _counts.Drop(part.Partition.Value);
        }

        PipelineLog.PartitionsRevoked(_logger, StageName, string.Join(",", list.Select(p => p.Partition.Value)));
    }

    /// <summary>Writes the batch's ledger rows before its offsets are committed (see the remarks above).</summary>
    private void WriteLedger(LedgerBatch batch, CancellationToken cancellationToken)
    {
        if (_ledger is not null && !batch.IsEmpty)
        {
            _ledger.WriteAsync(batch, cancellationToken).GetAwaiter().GetResult();
        }
    }

    private PartitionClock Clock(int partition, TimeSpan idle)
    {
        if (!_partitions.TryGetValue(partition, out var clock))
        {
            clock = new PartitionClock(idle);
            _partitions[partition] = clock;
        }

        return clock;
    }

    private static void CountDecisions(DecisionLog log)
    {
        foreach (var segment in log.FlapsAbsorbed)
        {
            PipelineMetrics.FlapsAbsorbed.WithLabels(segment).Inc();
        }

        if (log.TooLate > 0)
        {
            PipelineMetrics.LateEvents.WithLabels("beyond_retention").Inc(log.TooLate);
        }

        if (log.ConsentSuperseded > 0)
        {
            PipelineMetrics.LateEvents.WithLabels("consent_superseded").Inc(log.ConsentSuperseded);
        }
    }

    private static Message<byte[]?, byte[]> TransitionMessage(string contact, string json) => new()
    {
        Key = Encoding.UTF8.GetBytes(contact),
        Value = Encoding.UTF8.GetBytes(json),
    };

    private static bool IsTransient(Exception e, out string dependency)
    {
        switch (e)
        {
            case RedisException or RedisTimeoutException or StaleWriteException:
                dependency = "redis";
                return true;
            case LedgerUnavailableException:
                dependency = "ledger";
                return true;
            case KafkaException kafka when !kafka.Error.IsFatal || IsFenced(kafka.Error.Code):
                dependency = "kafka";
                return true;
            default:
                dependency = string.Empty;
                return false;
        }
    }

    /// <summary>A newer producer with our transactional.id, or a newer group generation, fenced this one.</summary>
    private static bool IsFenced(ErrorCode code) =>
        code is ErrorCode.Local_Fenced or ErrorCode.InvalidProducerEpoch or ErrorCode.ProducerFenced;
}
