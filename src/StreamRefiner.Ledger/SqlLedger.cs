using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dapper;
using StreamRefiner.Pipeline.Ledger;

namespace StreamRefiner.Ledger;

/// <summary>
/// The ledger through Dapper, on SQLite or PostgreSQL. Append-only: rows are inserted with
/// <c>ON CONFLICT DO NOTHING</c> on their key (the transition id; the consent event key), so a replayed batch
/// writes nothing twice; only the retention sweep deletes. A batch is one transaction of multi-row inserts.
/// </summary>
public sealed class SqlLedger : ILedgerWriter
{
    /// <summary>
    /// Rows per INSERT statement on PostgreSQL: well under its 65,535-parameter limit. SQLite gets smaller
    /// statements: its ADO.NET provider looks parameters up by a linear search, so a statement of thousands of
    /// parameters costs quadratic time.
    /// </summary>
    private const int PostgresRowsPerStatement = 500;

    private const int SqliteRowsPerStatement = 8;

    private static readonly string[] TransitionColumns =
    [
        "id", "contact", "sequence", "from_segment", "to_segment", "reason_kind", "reason_rule", "reason_detail",
        "window_values", "rules_version", "decided_at_ms", "trigger_event_time_ms", "trigger_event_id",
        "source_topic", "source_partition", "source_offset", "recorded_at_ms",
    ];

    private static readonly DbType[] TransitionTypes =
    [
        DbType.String, DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.String,
        DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.Int64, DbType.String, DbType.String,
        DbType.Int32, DbType.Int64, DbType.Int64,
    ];

    private static readonly string[] ConsentColumns =
    [
        "event_key", "contact", "action", "keyword", "classifier_reason", "provider", "provider_message_id",
        "occurred_at_ms", "received_at_ms", "source_topic", "source_partition", "source_offset", "recorded_at_ms",
    ];

    private static readonly DbType[] ConsentTypes =
    [
        DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String,
        DbType.Int64, DbType.Int64, DbType.String, DbType.Int32, DbType.Int64, DbType.Int64,
    ];

    private readonly LedgerDatabase _database;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _clock;
    private volatile bool _schemaReady;

    public SqlLedger(LedgerOptions options, TimeProvider clock)
    {
        _options = options;
        _database = new LedgerDatabase(options);
        _clock = clock;
    }

    public LedgerDatabase Database => _database;

    /// <summary>Creates or migrates the schema to the current version; returns the version found before.</summary>
    public Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        LedgerSchema.MigrateAsync(_database, _clock, cancellationToken);

    public async Task WriteAsync(LedgerBatch batch, CancellationToken cancellationToken)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        var recordedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            // The schema is brought up to date on the first write, so a worker can start while the ledger
            // database is down: its batches wait (back-pressure) until it answers.
            if (!_schemaReady)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }

            var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await InsertAsync(connection, transaction, "ledger_transitions", "id", TransitionColumns,
                        TransitionTypes, batch.Transitions, t => TransitionValues(t, recordedAt), cancellationToken)
                        .ConfigureAwait(false);
                    await InsertAsync(connection, transaction, "ledger_consent", "event_key", ConsentColumns,
                        ConsentTypes, batch.Consent, c => ConsentValues(c, recordedAt), cancellationToken)
                        .ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is DbException or TimeoutException or IOException or SocketException)
        {
            throw new LedgerUnavailableException($"ledger ({_database.Provider}) write failed: {e.Message}", e);
        }
    }

    /// <summary>Everything the ledger holds about one contact (E.164), oldest first.</summary>
    public async Task<ContactHistory> ReadContactAsync(string contact, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transitions = await connection.QueryAsync<LedgerTransitionRow>(new CommandDefinition("""
                SELECT id AS Id, contact AS Contact, sequence AS Sequence, from_segment AS FromSegment,
                       to_segment AS ToSegment, reason_kind AS ReasonKind, reason_rule AS ReasonRule,
                       reason_detail AS ReasonDetail, window_values AS WindowValues, rules_version AS RulesVersion,
                       decided_at_ms AS DecidedAtMs, trigger_event_time_ms AS TriggerEventTimeMs,
                       trigger_event_id AS TriggerEventId, source_topic AS SourceTopic,
                       source_partition AS SourcePartition, source_offset AS SourceOffset,
                       recorded_at_ms AS RecordedAtMs
                FROM ledger_transitions WHERE contact = @contact ORDER BY decided_at_ms, sequence
                """, new { contact }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var consent = await connection.QueryAsync<LedgerConsentRow>(new CommandDefinition("""
                SELECT event_key AS EventKey, contact AS Contact, action AS Action, keyword AS Keyword,
                       classifier_reason AS ClassifierReason, provider AS Provider,
                       provider_message_id AS ProviderMessageId, occurred_at_ms AS OccurredAtMs,
                       received_at_ms AS ReceivedAtMs, source_topic AS SourceTopic,
                       source_partition AS SourcePartition, source_offset AS SourceOffset,
                       recorded_at_ms AS RecordedAtMs
                FROM ledger_consent WHERE contact = @contact ORDER BY occurred_at_ms, event_key
                """, new { contact }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new ContactHistory([.. transitions], [.. consent]);
        }
    }

    /// <summary>Row counts of both tables (for tests, benchmarks and operators).</summary>
    public async Task<(long Transitions, long Consent)> CountAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transitions = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM ledger_transitions", cancellationToken: cancellationToken)).ConfigureAwait(false);
            var consent = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM ledger_consent", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (transitions, consent);
        }
    }

    /// <summary>
    /// Deletes transitions decided more than <see cref="LedgerOptions.RetentionDays"/> ago, and consent rows
    /// that old which no longer prove anything: help requests, and opt-outs/opt-ins superseded by a later
    /// opt-out/opt-in of the same contact. A contact's latest consent change is always kept.
    /// </summary>
    public async Task<PruneResult> PruneAsync(CancellationToken cancellationToken)
    {
        if (_options.RetentionDays <= 0)
        {
            return default;
        }

        var cutoff = _clock.GetUtcNow().AddDays(-_options.RetentionDays).ToUnixTimeMilliseconds();
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transitions = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM ledger_transitions WHERE decided_at_ms < @cutoff", new { cutoff },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            var consent = await connection.ExecuteAsync(new CommandDefinition("""
                DELETE FROM ledger_consent
                WHERE occurred_at_ms < @cutoff
                  AND (action = 'help' OR EXISTS (
                        SELECT 1 FROM ledger_consent later
                        WHERE later.contact = ledger_consent.contact AND later.action <> 'help'
                          AND later.occurred_at_ms > ledger_consent.occurred_at_ms))
                """, new { cutoff }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new PruneResult(transitions, consent);
        }
    }

    private async Task InsertAsync<T>(DbConnection connection, DbTransaction transaction, string table,
        string key, string[] columns, DbType[] types, IReadOnlyList<T> rows, Func<T, object?[]> values,
        CancellationToken cancellationToken)
    {
        var rowsPerStatement = _database.IsPostgres ? PostgresRowsPerStatement : SqliteRowsPerStatement;
        for (var start = 0; start < rows.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows.Count - start);
            var sql = new StringBuilder(64 + (count * columns.Length * 8));
            sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
            var parameters = new DynamicParameters();
            for (var r = 0; r < count; r++)
            {
                var row = values(rows[start + r]);
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    var name = $"p{r}_{c}";
                    sql.Append(c == 0 ? "@" : ", @").Append(name);
                    parameters.Add(name, row[c], types[c]);
                }

                sql.Append(')');
            }

            sql.Append(" ON CONFLICT (").Append(key).Append(") DO NOTHING");
            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private static object?[] TransitionValues(LedgerTransition row, long recordedAt)
    {
        var t = row.Transition;
        return
        [
            t.Id, t.Contact, t.Sequence, t.From, t.To, t.Reason.Kind, t.Reason.Rule, t.Reason.Detail,
            WindowValuesJson(t.Reason.Values), t.RulesVersion, t.DecidedAt.ToUnixTimeMilliseconds(),
            t.TriggerEventTime?.ToUnixTimeMilliseconds(), t.TriggerEventId, row.SourceTopic, row.SourcePartition,
            row.SourceOffset, recordedAt,
        ];
    }

    private static object?[] ConsentValues(ConsentChange c, long recordedAt) =>
    [
        c.EventKey, c.Contact, c.Action, c.Keyword, c.ClassifierReason, c.Provider, c.ProviderMessageId,
        c.OccurredAt.ToUnixTimeMilliseconds(), c.ReceivedAt.ToUnixTimeMilliseconds(), c.SourceTopic,
        c.SourcePartition, c.SourceOffset, recordedAt,
    ];

    /// <summary>The window values as a JSON object with sorted keys, so equal values give equal text.</summary>
    private static string WindowValuesJson(IReadOnlyDictionary<string, long> values) =>
        JsonSerializer.Serialize(new SortedDictionary<string, long>(
            values.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal));
}
