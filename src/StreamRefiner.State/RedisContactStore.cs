using System.Buffers.Binary;
using StackExchange.Redis;
using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.State;

/// <summary>
/// Contact state, timers and outbox in Redis. Every call handles a whole batch in one pipelined exchange:
/// no round trip per event. The key layout is documented on <see cref="RedisKeys"/>.
/// </summary>
public sealed class RedisContactStore
{
    // Compare-and-set write of one contact: refuses when the version moved (another owner wrote).
    private const string SaveScript = """
        if redis.call('GETRANGE', KEYS[1], 0, 1) ~= ARGV[1] then return 0 end
        if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
        else redis.call('SET', KEYS[1], ARGV[2]) end
        if ARGV[3] ~= '' then redis.call('SET', KEYS[2], ARGV[3]) end
        return 1
        """;

    // Clears an outbox once its transitions are produced and the input offsets committed.
    private const string AckScript = """
        if redis.call('GETRANGE', KEYS[1], 0, 1) == ARGV[1] then
          redis.call('DEL', KEYS[2])
          return 1
        end
        return 0
        """;

    private const int VersionBytes = 2;

    private readonly IDatabase _db;
    private readonly TimeSpan _ttl;

    public RedisContactStore(IConnectionMultiplexer redis, ContactStoreOptions options)
    {
        _db = redis.GetDatabase();
        Keys = new RedisKeys(options.KeyPrefix);
        _ttl = TimeSpan.FromDays(options.ContactTtlDays);
    }

    public RedisKeys Keys { get; }

    public async Task<StoredContact[]> LoadAsync(IReadOnlyList<string> contacts)
    {
        var states = new Task<RedisValue>[contacts.Count];
        var outboxes = new Task<RedisValue>[contacts.Count];
        for (var i = 0; i < contacts.Count; i++)
        {
            states[i] = _db.StringGetAsync(Keys.Contact(contacts[i]));
            outboxes[i] = _db.StringGetAsync(Keys.ContactOutbox(contacts[i]));
        }

        await Task.WhenAll(states).ConfigureAwait(false);
        await Task.WhenAll(outboxes).ConfigureAwait(false);
        var result = new StoredContact[contacts.Count];
        for (var i = 0; i < contacts.Count; i++)
        {
            var value = states[i].Result;
            var bytes = value.IsNull ? null : (byte[])value!;
            var state = bytes is null ? new ContactState() : ContactStateCodec.Decode(bytes.AsSpan(VersionBytes));
            var version = bytes is null ? 0 : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            IReadOnlyList<string> outbox = outboxes[i].Result.IsNullOrEmpty
                ? []
                : ((string)outboxes[i].Result!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            result[i] = new StoredContact(contacts[i], state, version, outbox);
        }

        return result;
    }

    /// <summary>
    /// Writes the contacts' new states; returns each contact's new version.
    /// Throws <see cref="StaleWriteException"/> when any contact was written by someone else meanwhile.
    /// </summary>
    public async Task<long[]> SaveAsync(IReadOnlyList<ContactWrite> writes)
    {
        var pending = new List<Task>(writes.Count * 3);
        var saves = new Task<RedisResult>[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];

            // Index entries first: if the worker dies mid-pipeline, a state never exists without its
            // timer or outbox index; a stale or early index entry is harmless (the contact is looked at, found not
            // due, and indexed again). Only adding, or moving earlier (ZADD LT), before the state write: a writer
            // whose state write turns out stale must not remove or postpone the current owner's timer. The exact
            // entry is written after the state write landed (below).
            if (write.State.Due is { } due)
            {
                pending.Add(_db.SortedSetAddAsync(Keys.Due(write.Partition), write.Contact, due.ToUnixTimeMilliseconds(),
                    SortedSetWhen.LessThan));
            }

            if (write.NewOutbox.Count > 0)
            {
                pending.Add(_db.SetAddAsync(Keys.Outbox(write.Partition), write.Contact));
            }

            var ttl = write.State.OptedOut ? 0 : (long)_ttl.TotalMilliseconds;
            var encoded = ContactStateCodec.Encode(write.State);
            var value = new byte[VersionBytes + encoded.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(value, NextVersion(write.ExpectedVersion));
            encoded.CopyTo(value, VersionBytes);
            saves[i] = _db.ScriptEvaluateAsync(SaveScript,
                [Keys.Contact(write.Contact), Keys.ContactOutbox(write.Contact)],
                [VersionValue(write.ExpectedVersion), value, string.Join('\n', write.NewOutbox), ttl]);
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        await Task.WhenAll(saves).ConfigureAwait(false);

        // Exact timer entries and segment counts only for writes that landed, in one more pipelined exchange. A
        // stale write changes neither: its batch is retried, and a replayed event changes nothing.
        var versions = new long[writes.Count];
        var counts = new List<Task>();
        int? stale = null;
        for (var i = 0; i < writes.Count; i++)
        {
            versions[i] = NextVersion(writes[i].ExpectedVersion);
            if ((long)saves[i].Result == 0)
            {
                stale ??= i;
                continue;
            }

            var dueKey = Keys.Due(writes[i].Partition);
            counts.Add(writes[i].State.Due is { } due
                ? _db.SortedSetAddAsync(dueKey, writes[i].Contact, due.ToUnixTimeMilliseconds())
                : _db.SortedSetRemoveAsync(dueKey, writes[i].Contact));
            foreach (var (field, delta) in writes[i].SizeDeltas)
            {
                counts.Add(_db.HashIncrementAsync(Keys.Sizes(writes[i].Partition), field, delta));
            }
        }

        await Task.WhenAll(counts).ConfigureAwait(false);
        if (stale is { } s)
        {
            throw new StaleWriteException(
                $"contact state changed since it was loaded (partition {writes[s].Partition})");
        }

        return versions;
    }

    /// <summary>Clears the outboxes of contacts whose transitions are produced and committed.</summary>
    public async Task AckOutboxAsync(IReadOnlyList<(string Contact, int Partition, long Version)> acks)
    {
        var clears = new Task<RedisResult>[acks.Count];
        for (var i = 0; i < acks.Count; i++)
        {
            clears[i] = _db.ScriptEvaluateAsync(AckScript,
                [Keys.Contact(acks[i].Contact), Keys.ContactOutbox(acks[i].Contact)], [VersionValue(acks[i].Version)]);
        }

        await Task.WhenAll(clears).ConfigureAwait(false);
        var removals = new List<Task>(acks.Count);
        for (var i = 0; i < acks.Count; i++)
        {
            if ((long)clears[i].Result == 1)
            {
                removals.Add(_db.SetRemoveAsync(Keys.Outbox(acks[i].Partition), acks[i].Contact));
            }
        }

        await Task.WhenAll(removals).ConfigureAwait(false);
    }

    /// <summary>
    /// Contacts of <paramref name="partition"/> whose timers are due at or before <paramref name="upTo"/>, with
    /// each contact's due time.
    /// </summary>
    public async Task<(string Contact, DateTimeOffset Due)[]> DueWithTimesAsync(int partition, DateTimeOffset upTo,
        int limit)
    {
        var entries = await _db.SortedSetRangeByScoreWithScoresAsync(Keys.Due(partition), double.NegativeInfinity,
            upTo.ToUnixTimeMilliseconds(), take: limit).ConfigureAwait(false);
        return [.. entries.Select(e => ((string)e.Element!, DateTimeOffset.FromUnixTimeMilliseconds((long)e.Score)))];
    }

    /// <summary>The segment counts of <paramref name="partition"/> (<see cref="RedisKeys.Sizes"/>).</summary>
    public async Task<Dictionary<string, long>> SizesAsync(int partition)
    {
        var entries = await _db.HashGetAllAsync(Keys.Sizes(partition)).ConfigureAwait(false);
        return entries.ToDictionary(e => (string)e.Name!, e => (long)e.Value, StringComparer.Ordinal);
    }

    /// <summary>Contacts of <paramref name="partition"/> that may hold unacknowledged transitions.</summary>
    public async Task<string[]> OutboxContactsAsync(int partition)
    {
        var members = await _db.SetMembersAsync(Keys.Outbox(partition)).ConfigureAwait(false);
        return [.. members.Select(m => (string)m!)];
    }

    public Task<TimeSpan> PingAsync() => _db.PingAsync();

    /// <summary>
    /// Versions count 1, 2, … and wrap around without ever using 0, which means "no state yet". Two bytes are
    /// enough: the check only has to notice a write between one batch's load and its save.
    /// </summary>
    private static ushort NextVersion(long version) => version >= ushort.MaxValue ? (ushort)1 : (ushort)(version + 1);

    /// <summary>The stored bytes of a version; an empty value for version 0 (the key does not exist).</summary>
    private static RedisValue VersionValue(long version)
    {
        if (version == 0)
        {
            return RedisValue.EmptyString;
        }

        var bytes = new byte[VersionBytes];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)version);
        return bytes;
    }
}
