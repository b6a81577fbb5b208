namespace StreamRefiner.Pipeline.Decide;

/// <summary>Batching and timing of both stages (configuration section <c>Pipeline</c>).</summary>
public sealed class PipelineOptions
{
    /// <summary>Most records handled in one batch (one Redis exchange, one commit).</summary>
    public int MaxBatchSize { get; set; } = 2000;

    /// <summary>How long a poll waits for the first record of a batch.</summary>
    public int MaxBatchWaitMilliseconds { get; set; } = 100;

    /// <summary>
    /// A partition that has been fully read for this long lets its stream time follow the wall clock,
    /// so timers of silent contacts fire.
    /// </summary>
    public int WallClockIdleMilliseconds { get; set; } = 1000;

    /// <summary>Most due timers fired per partition per batch.</summary>
    public int TimerBatchLimit { get; set; } = 1000;

    /// <summary>
    /// First wait after a failed batch (Redis or Kafka down); doubles up to <see cref="MaxRetryDelayMilliseconds"/>.
    /// </summary>
    public int RetryDelayMilliseconds { get; set; } = 500;

    public int MaxRetryDelayMilliseconds { get; set; } = 10_000;
}
