namespace StreamRefiner.Ledger.Tests;

/// <summary>Tests in this collection share <see cref="LedgerServers"/>.</summary>
[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerServers>
{
    public const string Name = "ledger";
}
