using StreamRefiner.Testing;

namespace StreamRefiner.State.Tests;

/// <summary>Tests in this collection share one real Redis server; each test uses its own key prefix.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
