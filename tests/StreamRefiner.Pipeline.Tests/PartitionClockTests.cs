using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Pipeline.Decide;

namespace StreamRefiner.Pipeline.Tests;

public sealed class PartitionClockTests
{
    private static readonly DateTimeOffset Wall = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Wall);
    private readonly PartitionClock _clock = new(TimeSpan.FromSeconds(1));

    [Fact]
    public void Stream_time_is_the_largest_event_time_while_records_flow()
    {
        _clock.OnRecord(Wall.AddDays(-10), offset: 0);
        _clock.OnRecord(Wall.AddDays(-12), offset: 1);

        Assert.Equal(Wall.AddDays(-10), _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void A_partition_read_to_its_end_follows_the_wall_clock_after_the_idle_period()
    {
        _clock.OnRecord(Wall.AddDays(-10), offset: 0);
        _clock.OnEndOfPartition(_time.GetUtcNow(), endOffset: 1);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(Wall.AddDays(-10), _clock.StreamTime(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Wall.AddSeconds(1), _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void Stream_time_never_runs_backwards()
    {
        _clock.OnEndOfPartition(_time.GetUtcNow(), endOffset: 0);
        _time.Advance(TimeSpan.FromSeconds(5));
        var advanced = _clock.StreamTime(_time.GetUtcNow());

        _clock.OnRecord(Wall.AddDays(-30), offset: 0);

        Assert.Equal(advanced, _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void A_new_record_stops_the_wall_clock_until_the_partition_is_idle_again()
    {
        _clock.OnEndOfPartition(_time.GetUtcNow(), endOffset: 0);
        _clock.OnRecord(Wall.AddDays(-1), offset: 0);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(Wall.AddDays(-1), _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void An_end_of_partition_read_together_with_the_last_records_still_lets_the_wall_clock_in()
    {
        // Regression: the end is reported while the batch is read, its records applied afterwards; applying a
        // record used to cancel the end, so a partition whose last records and end came in one batch never went
        // idle and its silent contacts' timers never fired. The calls come here in the order the stage makes them.
        _clock.OnEndOfPartition(_time.GetUtcNow(), endOffset: 6);
        _clock.OnRecord(Wall.AddDays(-1), offset: 4);
        _clock.OnRecord(Wall.AddDays(-1), offset: 5);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(Wall.AddSeconds(2), _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void An_end_overtaken_by_a_newer_record_read_in_the_same_batch_does_not_count()
    {
        _clock.OnRecord(Wall.AddDays(-1), offset: 6);
        _clock.OnEndOfPartition(_time.GetUtcNow(), endOffset: 6);
        var endFirst = new PartitionClock(TimeSpan.FromSeconds(1));
        endFirst.OnEndOfPartition(_time.GetUtcNow(), endOffset: 6);
        endFirst.OnRecord(Wall.AddDays(-1), offset: 6);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(Wall.AddDays(-1), _clock.StreamTime(_time.GetUtcNow()));
        Assert.Equal(Wall.AddDays(-1), endFirst.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void A_timer_tick_moves_stream_time_and_keeps_the_partition_idle()
    {
        _clock.OnRecord(Wall.AddDays(-1), offset: 0);
        _clock.OnEndOfPartition(_time.GetUtcNow(), endOffset: 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        _clock.OnTick(Wall.AddMilliseconds(500));
        _clock.OnEndOfPartition(_time.GetUtcNow(), endOffset: 2);

        Assert.Equal(Wall.AddSeconds(1), _clock.StreamTime(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(Wall.AddMilliseconds(1010), _clock.StreamTime(_time.GetUtcNow()));
    }
}
