using System.Data.Common;
using Dapper;

namespace StreamRefiner.Ledger;

/// <summary>
/// The ledger's tables, created and migrated by the ledger itself. <c>ledger_schema_version</c> holds one row
/// per applied version; each migration runs in its own transaction with its version row, under a lock
/// (PostgreSQL: an advisory lock; SQLite: an immediate transaction), so two workers starting together migrate
/// once. The SQL is the same on both backends: TEXT, INTEGER and BIGINT columns, times as Unix milliseconds.
/// </summary>
/// <remarks>
/// Version 1: transitions (id, contact, sequence, from, to, reason, decided_at, rules version) and consent
/// changes (event key, contact, action, keyword, provider, provider message id, occurred_at).
/// Version 2: the window values, trigger event and source record of a transition; the classifier's reason,
/// received_at and source record of a consent change; recorded_at on both; a retention index.
/// </remarks>
public static class LedgerSchema
{
    /// <summary>The version this code writes and reads.</summary>
    public const int CurrentVersion = 2;

    private const long PostgresLockKey = 0x5352_4C45_4447;

    private static readonly string[][] Migrations =
    [
        [
            """
            CREATE TABLE IF NOT EXISTS ledger_transitions (
                id TEXT NOT NULL PRIMARY KEY,
                contact TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                from_segment TEXT NULL,
                to_segment TEXT NOT NULL,
                reason_kind TEXT NOT NULL,
                reason_rule TEXT NOT NULL,
                reason_detail TEXT NOT NULL,
                decided_at_ms BIGINT NOT NULL,
                rules_version TEXT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_ledger_transitions_contact ON ledger_transitions (contact, sequence)",
            """
            CREATE TABLE IF NOT EXISTS ledger_consent (
                event_key TEXT NOT NULL PRIMARY KEY,
                contact TEXT NOT NULL,
                action TEXT NOT NULL,
                keyword TEXT NULL,
                provider TEXT NOT NULL,
                provider_message_id TEXT NOT NULL,
                occurred_at_ms BIGINT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS ix_ledger_consent_contact ON ledger_consent (contact, occurred_at_ms)",
        ],
        [
            "ALTER TABLE ledger_transitions ADD COLUMN window_values TEXT NULL",
            "ALTER TABLE ledger_transitions ADD COLUMN trigger_event_time_ms BIGINT NULL",
            "ALTER TABLE ledger_transitions ADD COLUMN trigger_event_id TEXT NULL",
            "ALTER TABLE ledger_transitions ADD COLUMN source_topic TEXT NULL",
            "ALTER TABLE ledger_transitions ADD COLUMN source_partition INTEGER NULL",
            "ALTER TABLE ledger_transitions ADD COLUMN source_offset BIGINT NULL",
            "ALTER TABLE ledger_transitions ADD COLUMN recorded_at_ms BIGINT NULL",
            "CREATE INDEX IF NOT EXISTS ix_ledger_transitions_decided ON ledger_transitions (decided_at_ms)",
            "ALTER TABLE ledger_consent ADD COLUMN classifier_reason TEXT NULL",
            "ALTER TABLE ledger_consent ADD COLUMN received_at_ms BIGINT NULL",
            "ALTER TABLE ledger_consent ADD COLUMN source_topic TEXT NULL",
            "ALTER TABLE ledger_consent ADD COLUMN source_partition INTEGER NULL",
            "ALTER TABLE ledger_consent ADD COLUMN source_offset BIGINT NULL",
            "ALTER TABLE ledger_consent ADD COLUMN recorded_at_ms BIGINT NULL",
        ],
    ];

    /// <summary>
    /// Brings the schema to <paramref name="targetVersion"/> (default: <see cref="CurrentVersion"/>); returns the
    /// version found before. A database newer than this code is refused rather than written wrongly.
    /// </summary>
    public static async Task<int> MigrateAsync(LedgerDatabase database, TimeProvider clock,
        CancellationToken cancellationToken, int targetVersion = CurrentVersion)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetVersion, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetVersion, CurrentVersion);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await Execute(connection, null, """
                CREATE TABLE IF NOT EXISTS ledger_schema_version (
                    version INTEGER NOT NULL PRIMARY KEY,
                    applied_at_ms BIGINT NOT NULL)
                """, cancellationToken).ConfigureAwait(false);
            if (!database.IsPostgres)
            {
                // Readers (explain) never block the worker's writes.
                await Execute(connection, null, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
            }

            var found = await VersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
            if (found > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"the ledger's schema is version {found}; this build knows up to {CurrentVersion}");
            }

            for (var version = found + 1; version <= targetVersion; version++)
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    if (database.IsPostgres)
                    {
                        await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresLockKey})",
                            cancellationToken).ConfigureAwait(false);
                    }

                    // Someone else may have migrated while we waited for the lock.
                    if (await VersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) >= version)
                    {
                        continue;
                    }

                    foreach (var statement in Migrations[version - 1])
                    {
                        await Execute(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                    }

                    await connection.ExecuteAsync(new CommandDefinition(
                        "INSERT INTO ledger_schema_version (version, applied_at_ms) VALUES (@version, @at)",
                        new { version, at = clock.GetUtcNow().ToUnixTimeMilliseconds() }, transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return found;
        }
    }

    /// <summary>The highest applied version; 0 for an empty database.</summary>
    public static async Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction,
        CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM ledger_schema_version", transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;

    private static Task<int> Execute(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction,
            cancellationToken: cancellationToken));
}
