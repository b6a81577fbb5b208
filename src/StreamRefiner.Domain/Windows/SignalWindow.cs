namespace StreamRefiner.Domain.Windows;

/// <summary>
/// Event-time buckets of one signal for one contact, from which rolling window counts are read.
/// </summary>
/// <remarks>
/// Events newer than <see cref="HourlyHorizon"/> are kept in hourly buckets; older ones in UTC-day buckets.
/// A window of up to 24 hours counts hourly buckets whose start lies inside it (exact to the hour); a longer
/// window counts every bucket whose UTC day starts inside it (exact to the day). Both rules depend only on
/// the bucket and the evaluation time, so when buckets are merged does not change any count, and a replay
/// of the same events builds the same windows. Buckets older than <see cref="Retention"/> are dropped.
/// </remarks>
public sealed class SignalWindow
{
    /// <summary>How long events stay in hourly buckets.</summary>
    public static readonly TimeSpan HourlyHorizon = TimeSpan.FromHours(24);

    /// <summary>The longest window the store can answer: older buckets are dropped.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    private const int HoursPerDay = 24;

    private readonly List<Bucket> _buckets = [];

    /// <summary>The buckets, oldest first.</summary>
    public IReadOnlyList<Bucket> Buckets => _buckets;

    /// <summary>Restores a bucket read from storage; buckets must be restored oldest first.</summary>
    public void Restore(Bucket bucket) => _buckets.Add(bucket);

    /// <summary>Counts an event at <paramref name="at"/>; returns false when it is older than the retention.</summary>
    public bool Add(DateTimeOffset at, DateTimeOffset now, int count = 1)
    {
        if (at <= now - Retention)
        {
            return false;
        }

        var hour = HourOf(at);
        var isDay = at <= now - HourlyHorizon;
        var start = isDay ? DayStart(hour) : hour;
        Increment(start, isDay, count);
        return true;
    }

    /// <summary>Merges hourly buckets that no short window can see any more, and drops expired ones.</summary>
    public void Compact(DateTimeOffset now)
    {
        var nowHour = HourOf(now);
        var horizonHours = (int)HourlyHorizon.TotalHours;
        var retentionHours = (int)Retention.TotalHours;

        for (var i = _buckets.Count - 1; i >= 0; i--)
        {
            var bucket = _buckets[i];
            if (DayStart(bucket.StartHour) + retentionHours <= nowHour)
            {
                _buckets.RemoveAt(i);
                continue;
            }

            // An hourly bucket that ended at least a horizon ago is counted by day-sized windows only.
            if (!bucket.IsDay && bucket.StartHour + 1 + horizonHours <= nowHour)
            {
                _buckets.RemoveAt(i);
                Increment(DayStart(bucket.StartHour), isDay: true, bucket.Count);
            }
        }
    }

    /// <summary>The number of events in the window of length <paramref name="window"/> ending at now.</summary>
    public long Count(TimeSpan window, DateTimeOffset now)
    {
        long total = 0;
        foreach (var bucket in _buckets)
        {
            if (IsInside(bucket, window, now))
            {
                total += bucket.Count;
            }
        }

        return total;
    }

    /// <summary>The earliest time after <paramref name="now"/> at which this window's count drops.</summary>
    public DateTimeOffset? NextDrop(TimeSpan window, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var bucket in _buckets)
        {
            if (!IsInside(bucket, window, now))
            {
                continue;
            }

            var drop = CountedStart(bucket, window) + window;
            if (next is null || drop < next)
            {
                next = drop;
            }
        }

        return next;
    }

    private static bool IsInside(Bucket bucket, TimeSpan window, DateTimeOffset now)
    {
        if (window <= HourlyHorizon && bucket.IsDay)
        {
            return false;
        }

        return CountedStart(bucket, window) + window > now;
    }

    private static DateTimeOffset CountedStart(Bucket bucket, TimeSpan window)
    {
        var hour = window <= HourlyHorizon ? bucket.StartHour : DayStart(bucket.StartHour);
        return DateTimeOffset.UnixEpoch.AddHours(hour);
    }

    private void Increment(int start, bool isDay, int count)
    {
        var index = _buckets.FindIndex(b => b.StartHour == start && b.IsDay == isDay);
        if (index >= 0)
        {
            var existing = _buckets[index];
            _buckets[index] = existing with { Count = existing.Count + count };
            return;
        }

        var bucket = new Bucket(start, count, isDay);
        var insertAt = _buckets.FindIndex(b => b.StartHour > start || (b.StartHour == start && !b.IsDay && isDay));
        if (insertAt < 0)
        {
            _buckets.Add(bucket);
        }
        else
        {
            _buckets.Insert(insertAt, bucket);
        }
    }

    private static int HourOf(DateTimeOffset at) =>
        (int)Math.Floor((at - DateTimeOffset.UnixEpoch).TotalHours);

    private static int DayStart(int hour) => hour - (((hour % HoursPerDay) + HoursPerDay) % HoursPerDay);
}
