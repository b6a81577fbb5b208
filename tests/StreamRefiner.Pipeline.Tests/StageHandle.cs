namespace StreamRefiner.Pipeline.Tests;

/// <summary>A stage running on its own thread with its own stop signal, like one worker instance.</summary>
internal sealed class StageHandle : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public StageHandle(Action<CancellationToken> run)
    {
        _thread = new Thread(() => run(_stop.Token)) { IsBackground = true };
        _thread.Start();
    }

    public bool IsAlive => _thread.IsAlive;

    /// <summary>Stops the stage gracefully: it finishes its batch, commits and leaves the group.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }
}
