using StreamRefiner.Domain.Decisions;
using StreamRefiner.Testing;

namespace StreamRefiner.State.Tests;

[Collection(RedisCollection.Name)]
public sealed class RedisContactStoreTests(RedisServer redis)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly RedisContactStore _store = new(redis.Connection,
        new ContactStoreOptions { KeyPrefix = $"t{Guid.NewGuid():N}" });

    [Fact]
    public async Task A_saved_contact_loads_back_with_its_version_timer_and_outbox()
    {
        var state = new ContactState { Segment = "engaged", Due = T0, AppliedOffset = 41 };

        var versions = await _store.SaveAsync([new ContactWrite("+12025550101", 3, state, 0, ["{\"id\":\"a\"}"])]);
        var loaded = Assert.Single(await _store.LoadAsync(["+12025550101"]));

        Assert.Equal(1, versions[0]);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(("engaged", 41L), (loaded.State.Segment, loaded.State.AppliedOffset));
        Assert.Equal(["{\"id\":\"a\"}"], loaded.Outbox);
        Assert.Equal(["+12025550101"], (await _store.DueWithTimesAsync(3, T0, 10)).Select(d => d.Contact));
        Assert.Empty(await _store.DueWithTimesAsync(3, T0.AddMilliseconds(-1), 10));
        Assert.Equal(["+12025550101"], await _store.OutboxContactsAsync(3));
    }

    [Fact]
    public async Task An_unknown_contact_loads_as_new_at_version_zero()
    {
        var loaded = Assert.Single(await _store.LoadAsync(["+12025550199"]));

        Assert.Equal(0, loaded.Version);
        Assert.Null(loaded.State.Segment);
        Assert.Empty(loaded.Outbox);
    }

    [Fact]
    public async Task A_write_against_a_stale_version_is_refused()
    {
        await _store.SaveAsync([new ContactWrite("+12025550102", 0, new ContactState(), 0, [])]);

        await Assert.ThrowsAsync<StaleWriteException>(() =>
            _store.SaveAsync([new ContactWrite("+12025550102", 0, new ContactState(), 0, [])]));
    }

    [Fact]
    public async Task A_write_with_an_outbox_replaces_the_stored_one_and_a_write_without_keeps_it()
    {
        await _store.SaveAsync([new ContactWrite("+12025550104", 1, new ContactState(), 0, ["x"])]);
        await _store.SaveAsync([new ContactWrite("+12025550104", 1, new ContactState(), 1, ["x", "y"])]);
        await _store.SaveAsync([new ContactWrite("+12025550104", 1, new ContactState(), 2, [])]);

        Assert.Equal(["x", "y"], Assert.Single(await _store.LoadAsync(["+12025550104"])).Outbox);
    }

    [Fact]
    public async Task A_stale_write_neither_removes_nor_postpones_the_current_owners_timer()
    {
        // Regression: the timer index was written before the compare-and-set, so an old owner whose state write
        // failed after a rebalance had still removed (or moved later) the new owner's due entry.
        const string contact = "+12025550109";
        await _store.SaveAsync([new ContactWrite(contact, 5, new ContactState { Due = T0 }, 0, [])]);

        await Assert.ThrowsAsync<StaleWriteException>(() =>
            _store.SaveAsync([new ContactWrite(contact, 5, new ContactState { Due = null }, 0, [])]));
        await Assert.ThrowsAsync<StaleWriteException>(() =>
            _store.SaveAsync([new ContactWrite(contact, 5, new ContactState { Due = T0.AddDays(3) }, 0, [])]));

        var due = await _store.DueWithTimesAsync(5, T0.AddDays(10), 10);
        Assert.Equal((contact, T0), Assert.Single(due));
    }

    [Fact]
    public async Task Acknowledging_clears_the_outbox_and_its_index_only_at_the_written_version()
    {
        await _store.SaveAsync([new ContactWrite("+12025550103", 1, new ContactState(), 0, ["x"])]);
        await _store.SaveAsync([new ContactWrite("+12025550103", 1, new ContactState(), 1, ["x", "y"])]);

        await _store.AckOutboxAsync([("+12025550103", 1, 1)]);
        Assert.Equal(["x", "y"], Assert.Single(await _store.LoadAsync(["+12025550103"])).Outbox);

        await _store.AckOutboxAsync([("+12025550103", 1, 2)]);
        Assert.Empty(Assert.Single(await _store.LoadAsync(["+12025550103"])).Outbox);
        Assert.Empty(await _store.OutboxContactsAsync(1));
    }

    [Fact]
    public async Task A_contact_without_a_due_time_leaves_the_timer_index()
    {
        await _store.SaveAsync([new ContactWrite("+12025550104", 2, new ContactState { Due = T0 }, 0, [])]);
        await _store.SaveAsync([new ContactWrite("+12025550104", 2, new ContactState { Due = null }, 1, [])]);

        Assert.Empty(await _store.DueWithTimesAsync(2, T0.AddDays(1), 10));
    }

    [Fact]
    public async Task Opted_out_contacts_never_expire_and_others_do()
    {
        await _store.SaveAsync(
        [
            new ContactWrite("+12025550105", 0, new ContactState { OptedOut = true }, 0, []),
            new ContactWrite("+12025550106", 0, new ContactState(), 0, []),
        ]);
        var db = redis.Connection.GetDatabase();

        Assert.Null(await db.KeyTimeToLiveAsync(_store.Keys.Contact("+12025550105")));
        var ttl = await db.KeyTimeToLiveAsync(_store.Keys.Contact("+12025550106"));
        Assert.InRange(ttl!.Value.TotalDays, 179, 180);
    }

    [Fact]
    public async Task Scripts_survive_a_redis_script_cache_flush()
    {
        await _store.SaveAsync([new ContactWrite("+12025550107", 0, new ContactState(), 0, [])]);
        await redis.Connection.GetServers()[0].ScriptFlushAsync();

        var versions = await _store.SaveAsync([new ContactWrite("+12025550107", 0, new ContactState(), 1, [])]);

        Assert.Equal(2, versions[0]);
    }

    [Fact]
    public async Task Keys_of_one_contact_share_a_cluster_hash_tag()
    {
        Assert.Equal($"{_store.Keys.Prefix}:c:{{+12025550101}}", _store.Keys.Contact("+12025550101"));
        Assert.Equal($"{_store.Keys.Prefix}:due:{{p7}}", _store.Keys.Due(7));
        await Task.CompletedTask;
    }
}
