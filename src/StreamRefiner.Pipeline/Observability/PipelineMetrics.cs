using Prometheus;
using StreamRefiner.Inputs.Formats;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// The pipeline's Prometheus metrics, declared once. Label values are bounded: configured topic names,
/// partition numbers, event types, segment names from the rules, dead-letter reasons, Redis operation names
/// and the rules version — never a contact or free text.
/// </summary>
/// <remarks>
/// Series that alerts compute rates over are created at zero when the process starts (every dead-letter
/// reason, both reload results, every Redis operation), so the first increment is seen as an increase.
/// </remarks>
public static class PipelineMetrics
{
    /// <summary>The operations <see cref="RedisDuration"/> and <see cref="RedisErrors"/> are labelled with.</summary>
    public static readonly IReadOnlyList<string> RedisOperations =
        ["load", "save", "ack", "due", "outbox", "sizes", "ping"];

    public static readonly Counter EventsConsumed = Metrics.CreateCounter(
        "streamrefiner_events_consumed_total",
        "Input records read by the normalise stage, by source topic and resulting event type.",
        new CounterConfiguration { LabelNames = ["topic", "type"] });

    public static readonly Counter Transitions = Metrics.CreateCounter(
        "streamrefiner_transitions_total",
        "Segment transitions produced, by from and to segment (from is 'none' for a first assignment).",
        new CounterConfiguration { LabelNames = ["from", "to"] });

    public static readonly Counter DeadLetters = WithSeries(Metrics.CreateCounter(
        "streamrefiner_dead_letters_total",
        "Records sent to the dead-letter topic, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] }),
        [.. Enum.GetValues<RejectReason>().Select(r => r.Name()).Append("malformed_internal")
            .Append(Decide.DecideStage.WrongPartition).Distinct()
            .Select(r => new[] { r })]);

    public static readonly Counter FlapsAbsorbed = Metrics.CreateCounter(
        "streamrefiner_flaps_absorbed_total",
        "Pending segment changes cancelled by the debounce because the contact came back first.",
        new CounterConfiguration { LabelNames = ["segment"] });

    public static readonly Gauge PendingChanges = Metrics.CreateGauge(
        "streamrefiner_pending_changes",
        "Contacts of the partitions this instance owns with a change pending in the debounce, by target segment.",
        new GaugeConfiguration { LabelNames = ["segment"] });

    public static readonly Gauge SegmentContacts = Metrics.CreateGauge(
        "streamrefiner_segment_contacts",
        "Contacts per segment in the partitions this instance owns (sum over instances for the total).",
        new GaugeConfiguration { LabelNames = ["segment"] });

    public static readonly Counter DuplicateEvents = Metrics.CreateCounter(
        "streamrefiner_duplicate_events_total",
        "Events skipped by the decide stage: provider redeliveries and replayed offsets.",
        new CounterConfiguration { LabelNames = ["kind"] });

    public static readonly Counter LateEvents = Metrics.CreateCounter(
        "streamrefiner_late_events_total",
        "Events older than every window at the contact's clock, or consent events already superseded.",
        new CounterConfiguration { LabelNames = ["kind"] });

    public static readonly Counter AmbiguousReplies = Metrics.CreateCounter(
        "streamrefiner_ambiguous_replies_total",
        "Replies that mention an opt-out word without clearly revoking consent; kept as ordinary replies.");

    public static readonly Counter TimersFired = Metrics.CreateCounter(
        "streamrefiner_timers_fired_total",
        "Contacts re-evaluated because their due time passed, without a new event.");

    public static readonly Counter TimerTicks = Metrics.CreateCounter(
        "streamrefiner_timer_ticks_total",
        "Timer ticks written to the internal topic: contacts were due on a partition with no record in hand, and "
        + "fire when the tick is read back.");

    public static readonly Histogram TimerLateness = Metrics.CreateHistogram(
        "streamrefiner_timer_lateness_seconds",
        "Wall-clock time from a contact's due time to its timer firing (large while history is replayed).",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 4, 14) });

    public static readonly Histogram ProcessingLatency = WithSeries(Metrics.CreateHistogram(
        "streamrefiner_processing_latency_seconds",
        "Per record: from its batch being read to the batch's output acknowledged by Kafka and its offsets "
        + "committed, per stage (decide: until the transitions are produced).",
        new HistogramConfiguration
        {
            LabelNames = ["stage"],
            Buckets = Histogram.ExponentialBuckets(0.001, 2, 14),
        }),
        ["normalise"], ["decide"]);

    public static readonly Histogram OptOutLatency = Metrics.CreateHistogram(
        "streamrefiner_opt_out_latency_seconds",
        "From an opt-out's event time to its transition to opted_out being acknowledged by Kafka (wall clock).",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 18) });

    public static readonly Gauge ConsumerLag = Metrics.CreateGauge(
        "streamrefiner_consumer_lag_records",
        "Records between the stage's consumer position and the partition's high watermark, per assigned "
        + "partition of this instance.",
        new GaugeConfiguration { LabelNames = ["stage", "topic", "partition"] });

    public static readonly Counter BatchFailures = WithSeries(Metrics.CreateCounter(
        "streamrefiner_batch_failures_total",
        "Batches abandoned and retried because a dependency failed, by stage and dependency.",
        new CounterConfiguration { LabelNames = ["stage", "dependency"] }),
        ["normalise", "kafka"], ["decide", "kafka"], ["decide", "redis"]);

    public static readonly Histogram RedisDuration = Metrics.CreateHistogram(
        "streamrefiner_redis_operation_duration_seconds",
        "Duration of one pipelined Redis exchange of the decide stage, by operation.",
        new HistogramConfiguration
        {
            LabelNames = ["operation"],
            Buckets = Histogram.ExponentialBuckets(0.0002, 2, 16),
        });

    public static readonly Counter RedisErrors = WithSeries(Metrics.CreateCounter(
        "streamrefiner_redis_errors_total",
        "Redis exchanges that failed, by operation.",
        new CounterConfiguration { LabelNames = ["operation"] }),
        [.. RedisOperations.Select(o => new[] { o })]);

    public static readonly Gauge DependencyUp = Metrics.CreateGauge(
        "streamrefiner_dependency_up",
        "1 while the dependency answered its last probe, else 0 (dependency: redis, kafka).",
        new GaugeConfiguration { LabelNames = ["dependency"] });

    public static readonly Gauge Ready = Metrics.CreateGauge(
        "streamrefiner_ready",
        "1 while the worker is ready (dependencies reachable, stages running), else 0.");

    public static readonly Gauge RulesInfo = Metrics.CreateGauge(
        "streamrefiner_rules_info",
        "1 for the version of the rules in force.",
        new GaugeConfiguration { LabelNames = ["version"] });

    public static readonly Counter RulesReloads = WithSeries(Metrics.CreateCounter(
        "streamrefiner_rules_reloads_total",
        "Rules loads (at start and on reload), by result: success or failure (the running rules were kept).",
        new CounterConfiguration { LabelNames = ["result"] }),
        ["success"], ["failure"]);

    public static readonly Gauge BuildInfo = Metrics.CreateGauge(
        "streamrefiner_build_info",
        "1, labelled with the version and source commit of the running build.",
        new GaugeConfiguration { LabelNames = ["version", "commit"] });

    private static Histogram WithSeries(Histogram histogram, params string[][] labelSets)
    {
        foreach (var labels in labelSets)
        {
            histogram.WithLabels(labels);
        }

        return histogram;
    }

    private static Counter WithSeries(Counter counter, params string[][] labelSets)
    {
        foreach (var labels in labelSets)
        {
            counter.WithLabels(labels);
        }

        return counter;
    }
}
