using Dapper;
using Microsoft.Extensions.Time.Testing;
using StreamRefiner.Pipeline.Ledger;

namespace StreamRefiner.Ledger.Tests;

[Collection(LedgerCollection.Name)]
public sealed class LedgerStoreTests(LedgerServers servers)
{
    private const string Contact = "+12025550111";
    private readonly FakeTimeProvider _clock = new(Rows.Start.AddDays(1));

    public static TheoryData<string> Providers => new() { LedgerProviders.Sqlite, LedgerProviders.Postgres };

    private static CancellationToken Token => CancellationToken.None;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_empty_database_is_created_at_the_current_schema_version(string provider)
    {
        var ledger = new SqlLedger(Backend.Create(provider, servers), _clock);

        var before = await ledger.MigrateAsync(Token);
        var again = await ledger.MigrateAsync(Token);

        Assert.Equal(0, before);
        Assert.Equal(LedgerSchema.CurrentVersion, again);
        Assert.Equal((0L, 0L), await ledger.CountAsync(Token));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrating_from_version_1_keeps_old_rows_and_accepts_full_rows(string provider)
    {
        var ledger = new SqlLedger(Backend.Create(provider, servers), _clock);
        await LedgerSchema.MigrateAsync(ledger.Database, _clock, Token, targetVersion: 1);
        var connection = await ledger.Database.OpenAsync(Token);
        await using (connection)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO ledger_transitions (id, contact, sequence, from_segment, to_segment, reason_kind,
                    reason_rule, reason_detail, decided_at_ms, rules_version)
                VALUES ('old1', @c, 1, NULL, 'new_lead', 'first_seen', 'new_lead.enter', 'x', 1000, 'default-1')
                """, new { c = Contact }, cancellationToken: Token));
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO ledger_consent (event_key, contact, action, keyword, provider, provider_message_id,
                    occurred_at_ms)
                VALUES ('twilio|SMold', @c, 'opt_out', 'STOP', 'twilio', 'SMold', 2000)
                """, new { c = Contact }, cancellationToken: Token));
        }

        var found = await ledger.MigrateAsync(Token);
        await ledger.WriteAsync(new LedgerBatch([Rows.Transition(Contact, 2, "new_lead", "engaged")],
            [Rows.Consent(Contact, "opt_in", "START", "SMnew", Rows.Start)]), Token);

        Assert.Equal(1, found);
        var history = await ledger.ReadContactAsync(Contact, Token);
        Assert.Equal(["old1", Rows.Transition(Contact, 2, "new_lead", "engaged").Transition.Id],
            history.Transitions.Select(t => t.Id));
        Assert.Null(history.Transitions[0].WindowValues);
        Assert.Equal("{\"clicks.7d\":2,\"days_since_last_activity\":0}", history.Transitions[1].WindowValues);
        Assert.Equal(["SMold", "SMnew"], history.Consent.Select(c => c.ProviderMessageId));
        Assert.Null(history.Consent[0].ClassifierReason);
        Assert.Equal("keyword", history.Consent[1].ClassifierReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_replayed_batch_writes_each_row_once(string provider)
    {
        var ledger = new SqlLedger(Backend.Create(provider, servers), _clock);
        await ledger.MigrateAsync(Token);
        var batch = new LedgerBatch(
            [Rows.Transition(Contact, 1, null, "new_lead"), Rows.Transition(Contact, 2, "new_lead", "opted_out")],
            [Rows.Consent(Contact, "opt_out", "STOP", "SM01", Rows.Start)]);

        await ledger.WriteAsync(batch, Token);
        await ledger.WriteAsync(batch, Token);
        await ledger.WriteAsync(batch with { Transitions = [batch.Transitions[1]] }, Token);

        Assert.Equal((2L, 1L), await ledger.CountAsync(Token));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_batch_larger_than_one_statement_is_written_whole(string provider)
    {
        var ledger = new SqlLedger(Backend.Create(provider, servers), _clock);
        await ledger.MigrateAsync(Token);

        await ledger.WriteAsync(Rows.ManyTransitions(2_345, seed: 1), Token);

        Assert.Equal((2_345L, 0L), await ledger.CountAsync(Token));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_batch_that_fails_part_way_writes_nothing(string provider)
    {
        var ledger = new SqlLedger(Backend.Create(provider, servers), _clock);
        await ledger.MigrateAsync(Token);
        var connection = await ledger.Database.OpenAsync(Token);
        await using (connection)
        {
            // The consent insert comes after the transitions' in the same transaction: make it fail.
            await connection.ExecuteAsync(new CommandDefinition("DROP TABLE ledger_consent", cancellationToken: Token));
        }

        var batch = new LedgerBatch([Rows.Transition(Contact, 1, null, "new_lead")],
            [Rows.Consent(Contact, "opt_out", "STOP", "SM01", Rows.Start)]);

        await Assert.ThrowsAsync<LedgerUnavailableException>(() => ledger.WriteAsync(batch, Token));
        connection = await ledger.Database.OpenAsync(Token);
        await using (connection)
        {
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM ledger_transitions", cancellationToken: Token)));
        }
    }

    [Fact]
    public async Task An_unreachable_postgres_is_reported_as_ledger_unavailable()
    {
        var ledger = new SqlLedger(new LedgerOptions
        {
            Provider = LedgerProviders.Postgres,
            ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2",
        }, _clock);

        var error = await Assert.ThrowsAsync<LedgerUnavailableException>(
            () => ledger.WriteAsync(new LedgerBatch([Rows.Transition(Contact, 1, null, "new_lead")], []), Token));

        Assert.Contains("postgres", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retention_deletes_old_transitions_and_superseded_consent_but_keeps_the_latest_consent(
        string provider)
    {
        var options = Backend.Create(provider, servers);
        options.RetentionDays = 30;
        var ledger = new SqlLedger(options, _clock);
        await ledger.MigrateAsync(Token);
        var old = Rows.Start.AddDays(-100);
        await ledger.WriteAsync(new LedgerBatch(
            [Rows.Transition(Contact, 1, null, "new_lead", old), Rows.Transition(Contact, 2, "new_lead", "engaged")],
            [
                Rows.Consent(Contact, "opt_out", "STOP", "SM1", old),
                Rows.Consent(Contact, "opt_in", "START", "SM2", old.AddDays(1)),
                Rows.Consent(Contact, "help", "HELP", "SM3", old.AddDays(2)),
                Rows.Consent("+12025550112", "opt_out", "STOP", "SM4", old),
            ]), Token);

        var pruned = await ledger.PruneAsync(Token);

        Assert.Equal(new PruneResult(1, 2), pruned);
        var history = await ledger.ReadContactAsync(Contact, Token);
        Assert.Equal([2L], history.Transitions.Select(t => t.Sequence));
        Assert.Equal(["SM2"], history.Consent.Select(c => c.ProviderMessageId));
        Assert.Single((await ledger.ReadContactAsync("+12025550112", Token)).Consent);
    }
}
