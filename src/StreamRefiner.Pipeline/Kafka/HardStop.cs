namespace StreamRefiner.Pipeline.Kafka;

/// <summary>
/// A token that fires a grace period after the stage's stop signal: the batch in hand may finish, but a dead
/// dependency cannot hold shutdown forever.
/// </summary>
/// <remarks>
/// Disposing it also removes its hook from the stop signal, so a stage that ended on its own (a fatal error) does
/// not make a later stop of the host throw.
/// </remarks>
internal sealed class HardStop : IDisposable
{
    private readonly CancellationTokenSource _hard = new();
    private readonly CancellationTokenRegistration _registration;

    public HardStop(CancellationToken stopping, TimeSpan grace) =>
        _registration = stopping.Register(() => _hard.CancelAfter(grace));

    public CancellationToken Token => _hard.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _hard.Dispose();
    }
}
