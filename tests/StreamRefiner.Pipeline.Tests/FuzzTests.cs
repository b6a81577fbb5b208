using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Testing;
using Xunit.Abstractions;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>
/// Random and mutated records through the real normalise stage (the decide stage runs too), on a real
/// Kafka-protocol broker and a real Redis: the stage keeps running, every record the parser rejects is in the
/// dead-letter topic, and every good one produced exactly the canonical events the parser makes of its bytes.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class FuzzTests(RedisServer redis, ITestOutputHelper output)
{
    private const int Records = 12_000;
    private const int Partitions = 8;

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public void Twelve_thousand_mutated_records_keep_the_stage_running_and_each_lands_where_the_parser_says()
    {
        using var harness = new PipelineHarness(redis, Now, partitions: Partitions);
        var inputs = new RecordParserOptions { MaxRecordBytes = 4096 };
        var topics = harness.Kafka.Topics;
        var records = new FuzzRecords(seed: 20260302, Now, topics.Inputs).Generate(Records);
        harness.Start(inputs);
        var watch = Stopwatch.StartNew();

        var offsets = Produce(harness.Kafka.BootstrapServers, records);

        // What the worker must do with each record: the same parser, options and clock, the same bytes.
        var parser = new RecordParser(inputs, harness.Clock);
        var expectedDeadLetters = new List<string>();
        var expectedEvents = new List<string>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var outcome = parser.Parse(new RawRecord(record.Value, record.Timestamp.UtcDateTime, record.Topic,
                record.Format));
            if (outcome.Rejection is { } reason)
            {
                expectedDeadLetters.Add($"{offsets[i]} {reason.Name()}");
            }

            expectedEvents.AddRange(outcome.Events.Select(e =>
                $"{offsets[i]} {Encoding.UTF8.GetString(CanonicalEventJson.Serialize(e))}"));
        }

        using var reader = new OutputReader(harness.Kafka.BootstrapServers, Partitions);
        var (deadLetters, events) = reader.ReadUntil(topics.DeadLetter, expectedDeadLetters.Count,
            topics.Events, expectedEvents.Count, Timeout);
        watch.Stop();

        var missingDeadLetters = Except(expectedDeadLetters, deadLetters);
        var extraDeadLetters = Except(deadLetters, expectedDeadLetters);
        var missingEvents = Except(expectedEvents, events);
        var extraEvents = Except(events, expectedEvents);
        var alive = harness.StagesAlive;
        var ready = harness.Health.IsReady(out var health);
        Report(records, expectedDeadLetters, deadLetters, expectedEvents, events, missingDeadLetters,
            extraDeadLetters, missingEvents, extraEvents, $"{alive}, ready {ready} ({health})", watch.Elapsed);

        Assert.True(alive, "a stage thread died");
        Assert.True(ready, health);
        Assert.Empty(missingDeadLetters);
        Assert.Empty(extraDeadLetters);
        Assert.Empty(missingEvents);
        Assert.Empty(extraEvents);

        // The mutations exercise both outcomes, not just one.
        Assert.InRange(expectedDeadLetters.Count, Records / 4, Records * 9 / 10);
        Assert.True(expectedEvents.Count > Records / 10, $"only {expectedEvents.Count} events");
    }

    /// <summary>Produces every record from four threads at once; returns each one's topic/partition/offset.</summary>
    private static string[] Produce(string bootstrapServers, List<FuzzRecords.Record> records)
    {
        var offsets = new string[records.Count];
        var errors = new ConcurrentQueue<string>();
        using var producer = new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            LingerMs = 5,
            EnableIdempotence = false,
        }).SetLogHandler((_, _) => { }).Build();

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            for (var i = worker; i < records.Count; i += 4)
            {
                var index = i;
                var record = records[i];
                producer.Produce(record.Topic, new Message<byte[]?, byte[]>
                {
                    Key = index % 3 == 0 ? null : Encoding.UTF8.GetBytes(index.ToString(CultureInfo.InvariantCulture)),
                    Value = record.Value,
                    Timestamp = new Timestamp(record.Timestamp),
                    Headers = record.Format is null
                        ? null
                        : new Headers { { "sr-format", Encoding.UTF8.GetBytes(record.Format) } },
                }, report =>
                {
                    if (report.Error.IsError)
                    {
                        errors.Enqueue(report.Error.Reason);
                    }

                    offsets[index] = $"{report.Topic}/{report.Partition.Value}/{report.Offset.Value}";
                });
            }
        });

        producer.Flush(TimeSpan.FromSeconds(30));
        Assert.Empty(errors);
        Assert.All(offsets, Assert.NotNull);
        return offsets;
    }

    /// <summary>What is in <paramref name="left"/> and not in <paramref name="right"/>, counting repeats.</summary>
    private static List<string> Except(List<string> left, List<string> right)
    {
        var remaining = right.GroupBy(x => x, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var item in left)
        {
            if (remaining.GetValueOrDefault(item) > 0)
            {
                remaining[item]--;
            }
            else
            {
                missing.Add(item);
            }
        }

        return missing;
    }

    private void Report(List<FuzzRecords.Record> records, List<string> expectedDeadLetters, List<string> deadLetters,
        List<string> expectedEvents, List<string> events, List<string> missingDeadLetters,
        List<string> extraDeadLetters, List<string> missingEvents, List<string> extraEvents, string stages,
        TimeSpan elapsed)
    {
        var kinds = string.Join(", ", records.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}"));
        var reasons = string.Join(", ", expectedDeadLetters.GroupBy(d => d.Split(' ')[1])
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        var lines = new[]
        {
            $"fuzz: {records.Count} records ({kinds}); {records.Sum(r => r.Value.Length)} bytes",
            $"fuzz: rejected by the parser {expectedDeadLetters.Count} ({reasons}); "
                + $"in the dead-letter topic {deadLetters.Count}; missing {missingDeadLetters.Count}, "
                + $"extra {extraDeadLetters.Count}",
            $"fuzz: events expected {expectedEvents.Count}; on the internal topic {events.Count}; "
                + $"missing {missingEvents.Count}, extra {extraEvents.Count}",
            $"fuzz: stage threads alive {stages}; {elapsed.TotalSeconds:0.0} s from first produce to last read",
        };
        foreach (var sample in missingDeadLetters.Concat(extraDeadLetters).Concat(missingEvents).Concat(extraEvents)
                     .Take(5))
        {
            output.WriteLine($"fuzz: e.g. {sample[..Math.Min(sample.Length, 300)]}");
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }
    }
}
