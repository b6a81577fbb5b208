namespace StreamRefiner.Pipeline.Decide;

/// <summary>
/// Stream time of one internal-topic partition: the largest event time read from it; once the partition has
/// been fully read for an idle period, the wall clock too. It never runs backwards.
/// </summary>
/// <remarks>
/// The consumer reports "end of partition" while it reads a batch, before the batch's records are applied here, so
/// the calls may come in either order: ends and records carry their offsets, a record before a known end does not
/// cancel it, and an end that a record at or past it has overtaken (new data) does not count. Timer ticks move
/// stream time but do not count as new data.
/// </remarks>
internal sealed class PartitionClock(TimeSpan idle)
{
    private DateTimeOffset? _streamTime;
    private DateTimeOffset? _caughtUpSince;
    private long _lastEventOffset = -1;
    private long _endOffset = -1;

    public void OnRecord(DateTimeOffset eventTime, long offset)
    {
        if (offset >= _endOffset)
        {
            _caughtUpSince = null;
        }

        _lastEventOffset = Math.Max(_lastEventOffset, offset);
        Advance(eventTime);
    }

    /// <summary>A timer tick read back: stream time moves to the tick's, the caught-up state is kept.</summary>
    public void OnTick(DateTimeOffset streamTime) => Advance(streamTime);

    /// <summary>The partition was read up to <paramref name="endOffset"/> (exclusive).</summary>
    public void OnEndOfPartition(DateTimeOffset wallNow, long endOffset)
    {
        if (_lastEventOffset < endOffset)
        {
            _endOffset = Math.Max(_endOffset, endOffset);
            _caughtUpSince ??= wallNow;
        }
    }

    /// <summary>The partition's stream time at <paramref name="wallNow"/>; null before anything is known.</summary>
    public DateTimeOffset? StreamTime(DateTimeOffset wallNow)
    {
        if (_caughtUpSince is { } since && wallNow - since >= idle)
        {
            Advance(wallNow);
        }

        return _streamTime;
    }

    private void Advance(DateTimeOffset to)
    {
        if (_streamTime is null || to > _streamTime)
        {
            _streamTime = to;
        }
    }
}
