namespace StreamRefiner.State;

/// <summary>Settings of the Redis state store (configuration section <c>Redis</c>).</summary>
public sealed class ContactStoreOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "sr";

    /// <summary>
    /// A contact's state expires this long after its last write; must exceed the longest window plus the
    /// longest recency rule. Opted-out contacts never expire.
    /// </summary>
    public int ContactTtlDays { get; set; } = 180;
}
