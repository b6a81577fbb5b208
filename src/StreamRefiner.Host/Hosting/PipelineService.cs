using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Normalise;

namespace StreamRefiner.Host.Hosting;

/// <summary>
/// Runs both stages, each on its own thread (the Kafka consume loop blocks), and stops the host if a stage
/// dies of a fatal error, so the orchestrator restarts the process instead of leaving it half alive.
/// </summary>
public sealed class PipelineService(NormaliseStage normalise, DecideStage decide, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stages = new[]
        {
            StartStage(normalise.Run, stoppingToken),
            StartStage(decide.Run, stoppingToken),
        };
        return Task.WhenAll(stages);
    }

    private Task StartStage(Action<CancellationToken> run, CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() =>
        {
            try
            {
                run(stoppingToken);
            }
            finally
            {
                if (!stoppingToken.IsCancellationRequested)
                {
                    lifetime.StopApplication();
                }
            }
        }, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
