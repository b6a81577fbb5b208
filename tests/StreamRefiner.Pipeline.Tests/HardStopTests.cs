using StreamRefiner.Pipeline.Kafka;

namespace StreamRefiner.Pipeline.Tests;

public sealed class HardStopTests
{
    [Fact]
    public void Stopping_the_host_after_a_stage_ended_on_its_own_does_not_throw()
    {
        // Regression: a stage that died of a fatal error had disposed its hard-stop source, and the host's later
        // stop signal then ran a callback on it and threw ObjectDisposedException.
        using var stopping = new CancellationTokenSource();
        var hardStop = new HardStop(stopping.Token, TimeSpan.FromSeconds(10));
        hardStop.Dispose();

        var error = Record.Exception(stopping.Cancel);

        Assert.Null(error);
    }

    [Fact]
    public void The_hard_stop_token_fires_the_grace_period_after_the_stop_signal()
    {
        using var stopping = new CancellationTokenSource();
        using var hardStop = new HardStop(stopping.Token, TimeSpan.Zero);
        Assert.False(hardStop.Token.IsCancellationRequested);

        stopping.Cancel();

        Assert.True(hardStop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
    }
}
