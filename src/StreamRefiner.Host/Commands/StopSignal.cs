using System.Runtime.InteropServices;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// A cancellation that SIGINT (Ctrl-C) or SIGTERM triggers, so a tool finishes what it is doing and exits
/// cleanly instead of being torn down mid-write.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignal()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _source.Token;

    public bool IsRequested => _source.IsCancellationRequested;

    /// <summary>Stops after <paramref name="delay"/> even without a signal.</summary>
    public void StopAfter(TimeSpan delay) => _source.CancelAfter(delay);

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _source.Cancel();
    }
}
