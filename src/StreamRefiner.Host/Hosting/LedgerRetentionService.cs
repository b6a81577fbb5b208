using System.Data.Common;
using StreamRefiner.Ledger;

namespace StreamRefiner.Host.Hosting;

/// <summary>
/// Applies <c>Ledger:RetentionDays</c> every <c>Ledger:RetentionIntervalMinutes</c> (nothing when the
/// retention is 0). A failed sweep is logged and tried again at the next interval; it never stops the worker.
/// </summary>
public sealed partial class LedgerRetentionService(SqlLedger ledger, LedgerOptions options, TimeProvider clock,
    ILogger<LedgerRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.RetentionDays <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.RetentionIntervalMinutes), clock);
        do
        {
            try
            {
                var pruned = await ledger.PruneAsync(stoppingToken).ConfigureAwait(false);
                Pruned(logger, pruned.Transitions, pruned.Consent, options.RetentionDays);
            }
            catch (DbException e)
            {
                PruneFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "ledger retention deleted {Transitions} transitions and {Consent} consent rows "
            + "older than {Days} days")]
    private static partial void Pruned(ILogger logger, int transitions, int consent, int days);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "ledger retention sweep failed; retrying later")]
    private static partial void PruneFailed(ILogger logger, Exception error);
}
