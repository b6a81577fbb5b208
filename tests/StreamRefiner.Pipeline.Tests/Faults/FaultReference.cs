using System.Diagnostics;

namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>
/// The reference run the fault tests compare with: the same <see cref="FaultStream"/> through one worker that
/// nothing disturbs. Run once per test class.
/// </summary>
public sealed class FaultReference : IAsyncLifetime
{
    internal FaultStream Stream { get; } = FaultStream.Create(FaultSettings.Events, FaultSettings.Contacts,
        FaultSettings.EventStep);

    internal FaultOutcome Outcome { get; private set; } = new([], [], []);

    internal string Figures { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        using var run = new FaultRun(FaultSettings.Partitions);
        run.StartWorker();
        await run.ProduceAsync(Stream, FaultSettings.Rate);
        run.WaitUntilCaughtUp(Stream.Records.Count, FaultSettings.CatchUp);
        Outcome = await FaultOutcome.Collect(run, Stream);
        Figures = $"reference run: {Stream.Records.Count} input records ({Stream.PoisonCount} poison) over " +
            $"{Stream.Contacts.Count} contacts and {FaultSettings.Partitions} partitions -> " +
            $"{Outcome.Transitions.Count} transitions, {Outcome.States.Count} contact states, " +
            $"{Outcome.DeadLettered.Count} dead letters, in {watch.Elapsed.TotalSeconds:F1} s";
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
