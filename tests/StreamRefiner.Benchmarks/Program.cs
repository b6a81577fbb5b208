using StreamRefiner.Benchmarks;

// `make bench`: each benchmark starts the servers it needs (a private redis-server, the mock Kafka cluster)
// and prints a table. Arguments: which benchmarks to run (default all), and --contacts N.
var contacts = args.SkipWhile(a => a != "--contacts").Skip(1).Select(int.Parse).FirstOrDefault(100_000);
var only = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToHashSet();

Report.Machine();
if (only.Count == 0 || only.Contains("memory"))
{
    MemoryBenchmark.Run(contacts);
}

if (only.Count == 0 || only.Contains("timers"))
{
    TimerBenchmark.Run(seconds: 30, probesPerSecond: 200, backgroundPerSecond: 2000);
}

return 0;
