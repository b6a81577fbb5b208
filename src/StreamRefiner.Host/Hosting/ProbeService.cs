using StreamRefiner.Pipeline.Observability;

namespace StreamRefiner.Host.Hosting;

/// <summary>Runs the <see cref="DependencyProbe"/> every second for as long as the host runs.</summary>
public sealed class ProbeService(DependencyProbe probe) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        probe.RunAsync(TimeSpan.FromSeconds(1), stoppingToken);
}
