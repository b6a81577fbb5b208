using System.Diagnostics;
using Xunit.Abstractions;

namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>
/// The delivery guarantee under faults, with real processes (<c>streamrefiner dev-broker</c>, redis-server,
/// <c>streamrefiner run</c>) on loopback: every run must leave exactly the reference's committed transitions
/// (read_committed: no missing, no extra, no duplicate, same ids), contact states and dead letters. Where workers
/// are killed mid-transaction, copies from aborted transactions are counted but allowed: the mock cluster these
/// tests run on shows aborted records to read-committed consumers, which Kafka does not.
/// Each test prints what it compared.
/// </summary>
[Trait("Category", "Faults")]
public sealed class FaultTests(FaultReference reference, ITestOutputHelper output) : IClassFixture<FaultReference>
{
    [Fact]
    public async Task Poison_records_all_reach_the_dead_letter_topic_and_block_no_partition()
    {
        Write(reference.Figures);
        Write($"poison records {reference.Stream.PoisonCount}, dead-lettered {reference.Outcome.DeadLettered.Count}");

        // The reference run caught up on every partition (its fixture waited for that) with the poison inside.
        Assert.Equal(reference.Stream.PoisonCount, reference.Outcome.DeadLettered.Count);
        Assert.All(reference.Outcome.DeadLettered, s => Assert.StartsWith(FaultRun.Topic + "/", s));
        Assert.NotEmpty(reference.Outcome.Transitions);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Worker_killed_with_sigkill_again_and_again_leaves_exactly_the_reference()
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(17);
        using var run = new FaultRun(FaultSettings.Partitions);
        var worker = run.StartWorker();
        var producing = run.ProduceAsync(reference.Stream, FaultSettings.Rate);
        for (var kill = 0; kill < FaultSettings.Kills; kill++)
        {
            // Random points: during start-up, during group joins, mid-batch, mid-transaction.
            Thread.Sleep(TimeSpan.FromMilliseconds(random.Next(300, 3_000)));
            worker.Kill();
            worker = run.StartWorker();
        }

        await producing;
        run.WaitUntilCaughtUp(reference.Stream.Records.Count, FaultSettings.CatchUp);
        Write($"{FaultSettings.Kills} SIGKILLs, caught up after {watch.Elapsed.TotalSeconds:F1} s");
        await CompareWithReference(run, killed: true);
    }

    [Fact]
    public async Task Two_workers_sharing_partitions_one_stopped_and_restarted_leave_exactly_the_reference()
    {
        using var run = new FaultRun(FaultSettings.Partitions);
        run.StartWorker("a");
        var b = run.StartWorker("b");
        var producing = run.ProduceAsync(reference.Stream, FaultSettings.Rate);
        Thread.Sleep(TimeSpan.FromSeconds(4));
        var exit = b.Terminate(TimeSpan.FromSeconds(30));
        Write($"worker b stopped gracefully (exit code {exit}); a takes its partitions");
        Thread.Sleep(TimeSpan.FromSeconds(2));
        run.StartWorker("b");

        await producing;
        run.WaitUntilCaughtUp(reference.Stream.Records.Count, FaultSettings.CatchUp);
        Assert.Equal(0, exit);
        await CompareWithReference(run);
    }

    [Fact]
    public async Task Redis_restarted_and_then_down_for_a_while_leaves_exactly_the_reference()
    {
        using var run = new FaultRun(FaultSettings.Partitions, appendOnly: true);
        var worker = run.StartWorker();
        var producing = run.ProduceAsync(reference.Stream, FaultSettings.Rate);
        Thread.Sleep(TimeSpan.FromSeconds(3));
        run.Redis.Stop();
        run.Redis.Start();
        Write("redis-server killed and restarted (AOF, appendfsync always)");

        Thread.Sleep(TimeSpan.FromSeconds(2));
        run.Redis.Stop();
        var down = Stopwatch.StartNew();
        var readiness = new List<int>();
        while (down.Elapsed < TimeSpan.FromSeconds(FaultSettings.RedisDownSeconds))
        {
            readiness.Add(run.Readiness());
            Thread.Sleep(500);
        }

        var alive = !worker.HasExited;
        run.Redis.Start();
        Write($"redis down {FaultSettings.RedisDownSeconds} s: worker alive {alive}, /readyz answers " +
            string.Join(",", readiness.Distinct()) + " (last " + readiness[^1] + ")");

        await producing;
        run.WaitUntilCaughtUp(reference.Stream.Records.Count, FaultSettings.CatchUp);
        var readyAfter = run.Readiness();
        Write($"after recovery /readyz answers {readyAfter}");
        Assert.True(alive, "the worker exited while Redis was down");
        Assert.Equal(503, readiness[^1]);
        Assert.Equal(200, readyAfter);
        await CompareWithReference(run);
    }

    /// <param name="killed">The run killed workers mid-transaction (see <see cref="FaultOutcome.CompareWith"/>).
    /// </param>
    private async Task CompareWithReference(FaultRun run, bool killed = false)
    {
        Write(reference.Figures);
        var outcome = await FaultOutcome.Collect(run, reference.Stream);
        var problems = outcome.CompareWith(reference.Outcome, Write, abortedVisible: killed);
        Assert.True(problems.Count == 0, string.Join("; ", problems) + $" (logs: {run.Directory})");
    }

    private void Write(string line) => output.WriteLine(line);
}
