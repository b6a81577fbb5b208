using StreamRefiner.Domain.Decisions;
using StreamRefiner.Ledger;
using StreamRefiner.Testing;

namespace StreamRefiner.Pipeline.Tests;

[Collection(RedisCollection.Name)]
public sealed class LedgerEndToEndTests(RedisServer redis) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string Quitter = "+12025550201";
    private const string Clicker = "+12025550202";

    private readonly string _directory = Directory.CreateTempSubdirectory("sr-ledger-e2e-").FullName;

    [Fact]
    public async Task The_worker_writes_one_ledger_row_per_transition_and_the_stop_with_its_message_id()
    {
        using var harness = new PipelineHarness(redis, Now);
        var ledger = new SqlLedger(new LedgerOptions
        {
            Provider = LedgerProviders.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(_directory, "ledger.db")}",
        }, harness.Clock);
        harness.Ledger = ledger;
        var topics = harness.Kafka.Topics;
        harness.Start();

        harness.ProduceAndWait(topics.Deliveries, Payloads.TwilioStatus(Quitter, "SM11", "delivered", Now.AddDays(-10)),
            Now.AddDays(-10));
        harness.ProduceAndWait(topics.Clicks, Payloads.Canonical("click", Clicker, Now.AddHours(-2)), Now.AddHours(-2));
        harness.ProduceAndWait(topics.Replies, Payloads.TwilioInbound(Quitter, "Stop", "SM12"), Now.AddHours(-1));
        var transitions = harness.ReadTransitions(count: 3, Timeout);

        var quitter = await ledger.ReadContactAsync(Quitter, CancellationToken.None);
        var clicker = await ledger.ReadContactAsync(Clicker, CancellationToken.None);
        Assert.Equal(3, transitions.Count);
        Assert.Equal((3L, 1L), await ledger.CountAsync(CancellationToken.None));
        Assert.Equal(transitions.Select(t => t.Id).Order(StringComparer.Ordinal),
            quitter.Transitions.Concat(clicker.Transitions).Select(t => t.Id).Order(StringComparer.Ordinal));
        var optOut = quitter.Transitions[^1];
        Assert.Equal(("new_lead", "opted_out", "consent", "STOP"),
            (optOut.FromSegment, optOut.ToSegment, optOut.ReasonKind, optOut.ReasonDetail));
        Assert.Equal(topics.Replies, optOut.SourceTopic);
        Assert.Equal(Transition.IdFor(Quitter, 2, "opted_out", DateTimeOffset.FromUnixTimeMilliseconds(optOut.DecidedAtMs)),
            optOut.Id);
        var stop = Assert.Single(quitter.Consent);
        Assert.Equal(("opt_out", "STOP", "keyword", "twilio", "SM12"),
            (stop.Action, stop.Keyword, stop.ClassifierReason, stop.Provider, stop.ProviderMessageId));
        Assert.Equal(Now.AddHours(-1).ToUnixTimeMilliseconds(), stop.ReceivedAtMs);
    }

    [Fact]
    public async Task While_the_ledger_database_is_down_nothing_is_produced_and_afterwards_each_row_lands_once()
    {
        using var postgres = new PostgresServer();
        using var harness = new PipelineHarness(redis, Now);
        var ledger = new SqlLedger(new LedgerOptions
        {
            Provider = LedgerProviders.Postgres,
            ConnectionString = postgres.CreateDatabase(),
        }, harness.Clock);
        harness.Ledger = ledger;
        var topics = harness.Kafka.Topics;
        harness.Start();
        harness.ProduceAndWait(topics.Deliveries, Payloads.TwilioStatus(Quitter, "SM21", "delivered", Now.AddDays(-10)),
            Now.AddDays(-10));
        Assert.Single(harness.ReadTransitions(count: 1, Timeout));

        postgres.Stop();
        harness.ProduceAndWait(topics.Replies, Payloads.TwilioInbound(Quitter, "Stop", "SM22"), Now.AddHours(-1));
        var detail = string.Empty;
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && (harness.Health.IsReady(out detail) || !detail.Contains("ledger")))
        {
            Thread.Sleep(50);
        }

        var whileDown = harness.ReadTransitions(count: 1, TimeSpan.FromSeconds(3));
        postgres.Start();
        var afterwards = harness.ReadTransitions(count: 1, Timeout);

        Assert.Equal("decide: ledger unreachable", detail);
        Assert.Empty(whileDown);
        Assert.Equal("opted_out", Assert.Single(afterwards).To);
        Assert.Equal((2L, 1L), await ledger.CountAsync(CancellationToken.None));
        var optOut = (await ledger.ReadContactAsync(Quitter, CancellationToken.None)).Transitions[^1];
        Assert.Equal(("opted_out", topics.Replies), (optOut.ToSegment, optOut.SourceTopic));
        Assert.True(harness.Health.IsReady(out var ready), ready);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
