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
        _clock.OnRecord(Wall.AddDays(-10));
        _clock.OnRecord(Wall.AddDays(-12));

        Assert.Equal(Wall.AddDays(-10), _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void A_partition_read_to_its_end_follows_the_wall_clock_after_the_idle_period()
    {
        _clock.OnRecord(Wall.AddDays(-10));
        _clock.OnEndOfPartition(_time.GetUtcNow());

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(Wall.AddDays(-10), _clock.StreamTime(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Wall.AddSeconds(1), _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void Stream_time_never_runs_backwards()
    {
        _clock.OnEndOfPartition(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(5));
        var advanced = _clock.StreamTime(_time.GetUtcNow());

        _clock.OnRecord(Wall.AddDays(-30));

        Assert.Equal(advanced, _clock.StreamTime(_time.GetUtcNow()));
    }

    [Fact]
    public void A_new_record_stops_the_wall_clock_until_the_partition_is_idle_again()
    {
        _clock.OnEndOfPartition(_time.GetUtcNow());
        _clock.OnRecord(Wall.AddDays(-1));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(Wall.AddDays(-1), _clock.StreamTime(_time.GetUtcNow()));
    }
}
