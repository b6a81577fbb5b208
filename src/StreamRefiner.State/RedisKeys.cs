namespace StreamRefiner.State;

/// <summary>
/// The Redis key layout. Every key of one contact shares the contact's hash tag, and every key of one
/// internal-topic partition shares the partition's, so the layout works on Redis Cluster.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>{prefix}:c:{+E164}</c> — string: a 2-byte write version (compare-and-set) followed by the packed
/// contact state (<see cref="ContactStateCodec"/>). TTL refreshed on every write; none while opted out.</item>
/// <item><c>{prefix}:out:{+E164}</c> — string, only while non-empty: transitions decided but not yet
/// acknowledged (newline-separated JSON).</item>
/// <item><c>{prefix}:due:{pN}</c> — sorted set: contact → next due time (Unix ms) for partition N.</item>
/// <item><c>{prefix}:ob:{pN}</c> — set: contacts of partition N with an unacknowledged outbox.</item>
/// <item><c>{prefix}:sizes:{pN}</c> — hash: contacts of partition N per segment (<c>s:{segment}</c>) and per
/// pending target (<c>p:{segment}</c>); incremented after each compare-and-set write that moved a contact.</item>
/// </list>
/// </remarks>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public string Contact(string contact) => $"{Prefix}:c:{{{contact}}}";

    public string ContactOutbox(string contact) => $"{Prefix}:out:{{{contact}}}";

    public string Due(int partition) => $"{Prefix}:due:{{p{partition}}}";

    public string Outbox(int partition) => $"{Prefix}:ob:{{p{partition}}}";

    public string Sizes(int partition) => $"{Prefix}:sizes:{{p{partition}}}";
}
