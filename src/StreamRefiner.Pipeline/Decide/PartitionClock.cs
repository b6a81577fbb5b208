namespace StreamRefiner.Pipeline.Decide;

/// <summary>
/// Stream time of one internal-topic partition: the largest event time read from it; once the partition has
/// been fully read for an idle period, the wall clock too. It never runs backwards.
/// </summary>
internal sealed class PartitionClock(TimeSpan idle)
{
    private DateTimeOffset? _streamTime;
    private DateTimeOffset? _caughtUpSince;

    public void OnRecord(DateTimeOffset eventTime)
    {
        _caughtUpSince = null;
        Advance(eventTime);
    }

    public void OnEndOfPartition(DateTimeOffset wallNow) => _caughtUpSince ??= wallNow;

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
