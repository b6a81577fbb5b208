using System.Diagnostics;
using StackExchange.Redis;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Rules;
using StreamRefiner.State;
using StreamRefiner.Testing;

namespace StreamRefiner.Benchmarks;

/// <summary>
/// Bytes of Redis memory per contact: builds a realistic population through the decider, stores it with the
/// real store in batches, and sums <c>MEMORY USAGE</c> of every contact key, plus the timer index.
/// </summary>
internal static class MemoryBenchmark
{
    public static void Run(int contacts)
    {
        using var redis = new RedisServer();
        var store = new RedisContactStore(redis.Connection, new ContactStoreOptions { KeyPrefix = "bench" });
        var decider = new Decider(RulesLoader.Default());
        var end = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        var db = redis.Connection.GetDatabase();
        var server = redis.Connection.GetServers()[0];
        var before = (long)server.Info("memory").SelectMany(g => g).First(p => p.Key == "used_memory").Value.Length;
        var usedBefore = UsedMemory(server);

        var watch = Stopwatch.StartNew();
        long encoded = 0;
        const int batch = 2000;
        for (var first = 0; first < contacts; first += batch)
        {
            var writes = new List<ContactWrite>(batch);
            for (var i = first; i < Math.Min(contacts, first + batch); i++)
            {
                var state = ContactMix.Build(decider, i, end, random);
                encoded += ContactStateCodec.Encode(state).Length;
                writes.Add(new ContactWrite(ContactMix.Contact(i), i % 16, state, 0, []));
            }

            store.SaveAsync(writes).GetAwaiter().GetResult();
        }

        var build = watch.Elapsed;
        long contactBytes = 0;
        var usages = new List<Task<RedisResult>>(contacts);
        for (var i = 0; i < contacts; i++)
        {
            usages.Add(db.ExecuteAsync("MEMORY", "USAGE", store.Keys.Contact(ContactMix.Contact(i)), "SAMPLES", "0"));
        }

        Task.WhenAll(usages).GetAwaiter().GetResult();
        contactBytes = usages.Sum(u => (long)u.Result);
        long dueBytes = 0;
        for (var p = 0; p < 16; p++)
        {
            dueBytes += (long)db.Execute("MEMORY", "USAGE", store.Keys.Due(p), "SAMPLES", "0");
        }

        var used = UsedMemory(server) - usedBefore;
        _ = before;
        Report.Table($"Redis memory per contact ({contacts:N0} contacts, realistic 90-day mix)",
        [
            ("contact key (MEMORY USAGE, mean)", $"{(double)contactBytes / contacts:F1} B"),
            ("  of which packed state (mean)", $"{(double)encoded / contacts:F1} B"),
            ("timer index share (MEMORY USAGE)", $"{(double)dueBytes / contacts:F1} B"),
            ("used_memory growth / contacts", $"{(double)used / contacts:F1} B"),
            ("build + store time", $"{build.TotalSeconds:F1} s"),
        ]);
    }

    private static long UsedMemory(IServer server) => long.Parse(
        server.Info("memory").SelectMany(g => g).First(p => p.Key == "used_memory").Value,
        System.Globalization.CultureInfo.InvariantCulture);
}
