namespace StreamRefiner.Host.Hosting;

/// <summary>
/// Checks the rules file every <see cref="RulesOptions.ReloadSeconds"/> and reloads it when it changed.
/// </summary>
public sealed class RulesReloadService(RulesSource source, RulesOptions options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ReloadSeconds <= 0 || options.Path.Length == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.ReloadSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            source.ReloadIfChanged();
        }
    }
}
