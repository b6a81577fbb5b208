namespace StreamRefiner.Pipeline.Tests;

/// <summary>A stage running on its own thread with its own stop signal, like one worker instance.</summary>
internal sealed class StageHandle : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public StageHandle(Action<CancellationToken> run)
    {
        _thread = new Thread(() =>
        {
            try
            {
                run(_stop.Token);
            }
            catch (Exception e)
            {
                // A stage that dies (a test's simulated crash among others) must not take the test host down.
                Failure = e;
            }
        })
        { IsBackground = true };
        _thread.Start();
    }

    public bool IsAlive => _thread.IsAlive;

    /// <summary>What ended the stage's run, when it did not end by being stopped.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Stops the stage gracefully: it finishes its batch, commits and leaves the group.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }
}
