using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace StreamRefiner.Ledger.Tests;

/// <summary>
/// Measures ledger write throughput (rows/s) for decide-sized batches and prints it; asserts only that every
/// row landed, never a time, so a busy machine cannot fail it. The figures are quoted in the README.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class LedgerThroughputTests(LedgerServers servers, ITestOutputHelper output)
{
    private const int Batches = 10;
    private const int BatchSize = 2_000;

    [Theory]
    [InlineData(LedgerProviders.Sqlite)]
    [InlineData(LedgerProviders.Postgres)]
    public async Task Ten_batches_of_2000_transitions_all_land_and_report_rows_per_second(string provider)
    {
        var ledger = new SqlLedger(Backend.Create(provider, servers), new FakeTimeProvider(Rows.Start));
        await ledger.MigrateAsync(CancellationToken.None);
        await ledger.WriteAsync(Rows.ManyTransitions(BatchSize, seed: 999), CancellationToken.None);

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Batches; i++)
        {
            await ledger.WriteAsync(Rows.ManyTransitions(BatchSize, seed: i), CancellationToken.None);
        }

        watch.Stop();

        Assert.Equal(((Batches + 1) * BatchSize, 0L), await ledger.CountAsync(CancellationToken.None));
        var rate = Batches * BatchSize / watch.Elapsed.TotalSeconds;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"ledger throughput {provider}: {Batches} batches x {BatchSize} transitions in "
            + $"{watch.Elapsed.TotalMilliseconds:0} ms = {rate:0} rows/s");
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
