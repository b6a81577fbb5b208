using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Tests;

public sealed class SignalWindowTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_day_window_is_exact_to_the_hour()
    {
        var window = new SignalWindow();
        window.Add(Noon.AddHours(-23).AddMinutes(-30), Noon); // lands in the hourly bucket 12:00 yesterday
        window.Add(Noon.AddHours(-3), Noon);

        // The first event's hourly bucket started 24 hours ago, so it has just left the 1d window.
        Assert.Equal(1, window.Count(TimeSpan.FromDays(1), Noon));
        Assert.Equal(2, window.Count(TimeSpan.FromDays(1), Noon.AddMinutes(-1)));
    }

    [Fact]
    public void Long_windows_count_whole_utc_days()
    {
        var window = new SignalWindow();
        window.Add(Noon.AddDays(-7).AddHours(-11), Noon); // 2026-02-23 01:00
        window.Add(Noon.AddDays(-6).AddHours(-11), Noon); // 2026-02-24 01:00

        // The 7d window at noon starts at 2026-02-23 12:00; a day bucket counts while its day start is inside.
        Assert.Equal(1, window.Count(TimeSpan.FromDays(7), Noon));
        Assert.Equal(2, window.Count(TimeSpan.FromDays(30), Noon));
    }

    [Fact]
    public void Next_drop_is_when_the_oldest_counted_bucket_leaves()
    {
        var window = new SignalWindow();
        window.Add(Noon.AddDays(-2), Noon);
        window.Add(Noon.AddDays(-1).AddHours(-5), Noon);

        var drop = window.NextDrop(TimeSpan.FromDays(7), Noon);

        Assert.Equal(new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero), drop);
    }

    [Fact]
    public void Compaction_never_changes_a_count()
    {
        var random = new Random(7);
        var compacted = new SignalWindow();
        var untouched = new SignalWindow();
        var start = Noon.AddDays(-100);
        var now = start;
        for (var i = 0; i < 400; i++)
        {
            now = now.AddMinutes(random.Next(0, 600));
            var at = now.AddMinutes(-random.Next(0, 3000));
            compacted.Add(at, now);
            untouched.Add(at, now);
            if (i % 7 == 0)
            {
                compacted.Compact(now);
            }

            foreach (var days in new[] { 1, 7, 30, 90 })
            {
                var span = TimeSpan.FromDays(days);
                Assert.Equal(Count(untouched, span, now), compacted.Count(span, now));
            }
        }
    }

    [Fact]
    public void Events_older_than_the_retention_are_refused()
    {
        var window = new SignalWindow();

        Assert.False(window.Add(Noon.AddDays(-91), Noon));
        Assert.Empty(window.Buckets);
    }

    [Fact]
    public void Expired_buckets_are_dropped_on_compaction()
    {
        var window = new SignalWindow();
        window.Add(Noon.AddDays(-5), Noon);

        window.Compact(Noon.AddDays(90));

        Assert.Empty(window.Buckets);
    }

    private static long Count(SignalWindow window, TimeSpan span, DateTimeOffset now) => window.Count(span, now);
}
