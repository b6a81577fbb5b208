using System.Text;
using Confluent.Kafka;
using StreamRefiner.Pipeline.Decide;

namespace StreamRefiner.Pipeline.Tests;

public sealed class TimerTickTests
{
    private static readonly DateTimeOffset StreamTime = new(2026, 3, 2, 12, 0, 0, 125, TimeSpan.Zero);

    [Fact]
    public void A_tick_carries_its_stream_time_and_is_recognised_by_its_header()
    {
        var tick = TimerTick.Create(StreamTime);

        Assert.Null(tick.Key);
        Assert.Equal("{\"tick_stream_time_ms\":1772452800125}", Encoding.UTF8.GetString(tick.Value));
        Assert.True(TimerTick.IsTick(Received(tick.Value, tick.Headers)));
        Assert.True(TimerTick.TryRead(tick.Value, out var read));
        Assert.Equal(StreamTime, read);
    }

    [Fact]
    public void A_canonical_event_is_not_a_tick_even_with_a_tick_shaped_value()
    {
        var value = Encoding.UTF8.GetBytes("{\"tick_stream_time_ms\":1}");
        var headers = new Headers { { "sr-format", Encoding.UTF8.GetBytes("canonical") } };

        Assert.False(TimerTick.IsTick(Received(value, headers)));
        Assert.False(TimerTick.IsTick(Received(value, null)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"tick_stream_time_ms\":\"soon\"}")]
    [InlineData("{\"tick_stream_time_ms\":-5}")]
    [InlineData("{\"other\":1}")]
    public void A_bad_tick_value_is_refused(string value)
    {
        Assert.False(TimerTick.TryRead(Encoding.UTF8.GetBytes(value), out _));
    }

    private static Message<byte[]?, byte[]?> Received(byte[] value, Headers? headers) =>
        new() { Key = null, Value = value, Headers = headers };
}
