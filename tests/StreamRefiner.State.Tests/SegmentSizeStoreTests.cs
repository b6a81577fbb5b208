using StreamRefiner.Domain.Decisions;
using StreamRefiner.Testing;

namespace StreamRefiner.State.Tests;

[Collection(RedisCollection.Name)]
public sealed class SegmentSizeStoreTests(RedisServer redis)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly RedisContactStore _store = new(redis.Connection,
        new ContactStoreOptions { KeyPrefix = $"t{Guid.NewGuid():N}" });

    [Fact]
    public async Task Size_deltas_count_only_for_writes_that_land()
    {
        var state = new ContactState { Segment = "engaged" };
        await _store.SaveAsync([Write("+12025550101", 0, ("s:engaged", 1))]);

        // One write lands, the other is stale (someone wrote since version 0): only the first counts.
        await Assert.ThrowsAsync<StaleWriteException>(() => _store.SaveAsync(
        [
            Write("+12025550102", 0, ("s:engaged", 1)),
            Write("+12025550101", 0, ("s:engaged", -1), ("s:dormant", 1)),
        ]));

        Assert.Equal(new Dictionary<string, long> { ["s:engaged"] = 2 }, await _store.SizesAsync(0));
        Assert.Empty(await _store.SizesAsync(1));

        ContactWrite Write(string contact, long version, params (string Field, long Delta)[] deltas) =>
            new(contact, 0, state, version, [])
            {
                SizeDeltas = [.. deltas.Select(d => new KeyValuePair<string, long>(d.Field, d.Delta))],
            };
    }

    [Fact]
    public async Task Due_contacts_come_with_their_due_times()
    {
        await _store.SaveAsync([new ContactWrite("+12025550103", 2, new ContactState { Due = T0 }, 0, [])]);

        var due = Assert.Single(await _store.DueWithTimesAsync(2, T0.AddMinutes(1), 10));

        Assert.Equal(("+12025550103", T0), due);
    }
}
