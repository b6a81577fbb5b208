using Prometheus;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// The pipeline's Prometheus metrics, declared once. Label values are bounded: configured topic names,
/// event types, segment names from the rules and dead-letter reasons — never a contact or free text.
/// </summary>
public static class PipelineMetrics
{
    public static readonly Counter EventsConsumed = Metrics.CreateCounter(
        "streamrefiner_events_consumed_total",
        "Input records read by the normalise stage, by source topic and resulting event type.",
        new CounterConfiguration { LabelNames = ["topic", "type"] });

    public static readonly Counter Transitions = Metrics.CreateCounter(
        "streamrefiner_transitions_total",
        "Segment transitions produced, by from and to segment (from is 'none' for a first assignment).",
        new CounterConfiguration { LabelNames = ["from", "to"] });

    public static readonly Counter DeadLetters = Metrics.CreateCounter(
        "streamrefiner_dead_letters_total",
        "Records sent to the dead-letter topic, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    public static readonly Counter FlapsAbsorbed = Metrics.CreateCounter(
        "streamrefiner_flaps_absorbed_total",
        "Pending segment changes cancelled by the debounce because the contact came back first.",
        new CounterConfiguration { LabelNames = ["segment"] });

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

    public static readonly Histogram ProcessingLatency = Metrics.CreateHistogram(
        "streamrefiner_processing_latency_seconds",
        "Time from a record being consumed to its batch being produced and committed, per stage.",
        new HistogramConfiguration
        {
            LabelNames = ["stage"],
            Buckets = Histogram.ExponentialBuckets(0.001, 2, 14),
        });

    public static readonly Counter BatchFailures = Metrics.CreateCounter(
        "streamrefiner_batch_failures_total",
        "Batches abandoned and retried because a dependency failed, by stage and dependency.",
        new CounterConfiguration { LabelNames = ["stage", "dependency"] });

    public static readonly Gauge Ready = Metrics.CreateGauge(
        "streamrefiner_ready",
        "1 while the worker is ready (dependencies reachable, stages running), else 0.");
}
