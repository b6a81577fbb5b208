using StreamRefiner.Pipeline.Decide;

namespace StreamRefiner.Pipeline.Tests;

public sealed class OutboxLinesTests
{
    [Fact]
    public void An_outbox_whose_transaction_committed_is_not_produced_again()
    {
        var stored = OutboxLines.Create(commitOffset: 120, ["{\"id\":\"a\"}"]);

        Assert.Empty(OutboxLines.Pending(stored, committedOffset: 120, out var committed));
        Assert.True(committed);
    }

    [Fact]
    public void An_outbox_beyond_the_committed_offset_or_without_one_is_produced_again()
    {
        var stored = OutboxLines.Create(commitOffset: 120, ["{\"id\":\"a\"}", "{\"id\":\"b\"}"]);

        Assert.Equal(["{\"id\":\"a\"}", "{\"id\":\"b\"}"], OutboxLines.Pending(stored, 119, out var committed));
        Assert.False(committed);
        Assert.Equal(2, OutboxLines.Pending(stored, committedOffset: null, out _).Count);
    }

    [Fact]
    public void An_unknown_token_and_an_outbox_from_before_the_token_are_always_produced_again()
    {
        // "@?" was written for timer firings before timers got ticks; such outboxes may still be in Redis.
        Assert.Equal(["{\"id\":\"t\"}"], OutboxLines.Pending(["@?", "{\"id\":\"t\"}"], long.MaxValue, out _));
        Assert.Equal(["{\"id\":\"old\"}"], OutboxLines.Pending(["{\"id\":\"old\"}"], long.MaxValue, out _));
        Assert.Empty(OutboxLines.Create(commitOffset: 5, []));
    }
}
