using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Events;
using StreamRefiner.Ledger.Explain;
using StreamRefiner.Pipeline.Ledger;
using StreamRefiner.Rules;
using StreamRefiner.State;

namespace StreamRefiner.Ledger.Tests;

[Collection(LedgerCollection.Name)]
public sealed class ExplainTests(LedgerServers servers)
{
    private const string Contact = "+12025550123";
    private static readonly DateTimeOffset Delivered = new(2026, 2, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Stopped = new(2026, 3, 2, 11, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(LedgerProviders.Sqlite)]
    [InlineData(LedgerProviders.Postgres)]
    public async Task Explain_shows_segment_reason_transitions_and_consent_with_message_ids(string provider)
    {
        var explainer = await WithKnownHistory(provider);

        var x = await explainer.ExplainAsync(Contact, CancellationToken.None);
        var text = ExplainRenderer.Text(x);

        Assert.Contains("contact       +12025550123", text, StringComparison.Ordinal);
        Assert.Contains("segment       opted_out since 2026-03-02 11:00Z", text, StringComparison.Ordinal);
        Assert.Contains("because       consent opt_out: STOP (transition 2)", text, StringComparison.Ordinal);
        Assert.Contains("consent       opted out (last change 2026-03-02 11:00Z)", text, StringComparison.Ordinal);
        Assert.Contains(
            "windows at    2026-03-02 12:00Z: delivered.30d=1, delivered.90d=1, days_since_last_activity=10",
            text, StringComparison.Ordinal);
        Assert.Contains("#1  2026-02-20 12:00Z  (new) → new_lead  first_seen new_lead.enter", text,
            StringComparison.Ordinal);
        Assert.Contains("#2  2026-03-02 11:00Z  new_lead → opted_out  consent opt_out: STOP", text,
            StringComparison.Ordinal);
        Assert.Contains("source sms.replies/1/77", text, StringComparison.Ordinal);
        Assert.Contains("2026-03-02 11:00Z  opt_out  STOP (keyword)  twilio message SM0000000000000000000000000000002",
            text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LedgerProviders.Sqlite)]
    [InlineData(LedgerProviders.Postgres)]
    public async Task Explain_json_carries_the_same_history(string provider)
    {
        var explainer = await WithKnownHistory(provider);

        var x = await explainer.ExplainAsync(Contact, CancellationToken.None);
        var text = ExplainRenderer.Json(x);
        using var json = JsonDocument.Parse(text);

        var root = json.RootElement;
        Assert.Equal(Contact, root.GetProperty("contact").GetString());
        Assert.Equal("opted_out", root.GetProperty("state").GetProperty("segment").GetString());
        Assert.True(root.GetProperty("state").GetProperty("opted_out").GetBoolean());
        Assert.Equal(1, root.GetProperty("windows_now").GetProperty("delivered.30d").GetInt64());
        Assert.Equal(root.GetProperty("transitions")[1].GetProperty("id").GetString(),
            root.GetProperty("current_reason_transition_id").GetString());
        var transitions = root.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(["new_lead", "opted_out"], transitions.Select(t => t.GetProperty("to").GetString()));
        Assert.Equal("STOP", transitions[1].GetProperty("reason").GetProperty("detail").GetString());
        Assert.Equal(1, transitions[1].GetProperty("reason").GetProperty("values").GetProperty("delivered.30d")
            .GetInt64());
        Assert.Equal(77, transitions[1].GetProperty("source").GetProperty("offset").GetInt64());
        var consent = Assert.Single(root.GetProperty("consent").EnumerateArray());
        Assert.Equal("SM0000000000000000000000000000002", consent.GetProperty("provider_message_id").GetString());
        Assert.Equal("2026-03-02T11:00:01.000Z", consent.GetProperty("received_at").GetString());
        Assert.Contains("\"contact\": \"+12025550123\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_of_an_unknown_contact_says_there_is_no_state_and_no_history()
    {
        var clock = new FakeTimeProvider(Stopped);
        var ledger = new SqlLedger(Backend.Create(LedgerProviders.Sqlite, servers), clock);
        await ledger.MigrateAsync(CancellationToken.None);
        var store = new RedisContactStore(servers.Redis.Connection,
            new ContactStoreOptions { KeyPrefix = $"x{Guid.NewGuid():N}"[..10] });

        var x = await new ContactExplainer(store, ledger, clock).ExplainAsync(Contact, CancellationToken.None);

        Assert.Null(x.State);
        Assert.Contains("state         none in Redis", ExplainRenderer.Text(x), StringComparison.Ordinal);
        Assert.Empty(x.History.Transitions);
    }

    /// <summary>
    /// A contact who got a delivery on 20 Feb (a new lead) and texted STOP on 2 Mar: decided by the real
    /// <see cref="Decider"/>, saved through the real Redis store and written to the ledger.
    /// </summary>
    private async Task<ContactExplainer> WithKnownHistory(string provider)
    {
        var clock = new FakeTimeProvider(Stopped.AddHours(1));
        var ledger = new SqlLedger(Backend.Create(provider, servers), clock);
        await ledger.MigrateAsync(CancellationToken.None);
        var store = new RedisContactStore(servers.Redis.Connection,
            new ContactStoreOptions { KeyPrefix = $"x{Guid.NewGuid():N}"[..10] });

        var decider = new Decider(RulesLoader.Default());
        var stored = (await store.LoadAsync([Contact]))[0];
        var log = new DecisionLog();
        var delivered = Event(EventType.Delivered, "SM0000000000000000000000000000001", Delivered, null);
        var stop = Event(EventType.OptOut, "SM0000000000000000000000000000002", Stopped, "STOP");
        decider.Apply(stored.State, delivered, 10, log);
        decider.Apply(stored.State, stop, 11, log);
        await store.SaveAsync([new ContactWrite(Contact, 0, stored.State, stored.Version, [])]);

        var sources = new Dictionary<string, long> { [delivered.EventId] = 76, [stop.EventId] = 77 };
        await ledger.WriteAsync(new LedgerBatch(
            [.. log.Transitions.Select(t => new LedgerTransition(t, "sms.replies", 1, sources[t.TriggerEventId!]))],
            [new ConsentChange
            {
                EventKey = stop.EventId,
                Contact = Contact,
                Action = "opt_out",
                Keyword = "STOP",
                ClassifierReason = "keyword",
                Provider = "twilio",
                ProviderMessageId = stop.DedupeKey,
                OccurredAt = Stopped,
                ReceivedAt = Stopped.AddSeconds(1),
            }]), CancellationToken.None);
        return new ContactExplainer(store, ledger, clock);
    }

    private static CanonicalEvent Event(EventType type, string sid, DateTimeOffset at, string? keyword) => new()
    {
        EventId = $"twilio|{sid}",
        Type = type,
        Contact = Contact,
        OccurredAt = at,
        Clock = EventClock.Provider,
        Provider = "twilio",
        DedupeKey = sid,
        Keyword = keyword,
    };
}
