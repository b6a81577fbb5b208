using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamRefiner.Domain.Events;
using StreamRefiner.Pipeline.Transitions;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// <c>streamrefiner watch</c>: reads the transitions topic from the start and prints one line per transition
/// (contact masked), then a summary of segment sizes every few seconds.
/// </summary>
public static class WatchCommand
{
    public static int Run(string[] args)
    {
        var cli = new CliArgs(args, "summary-seconds", "metrics-url", "limit-seconds");
        var kafka = CliConfiguration.Kafka(CliConfiguration.Load(args));
        var summaryEvery = TimeSpan.FromSeconds(cli.Int("summary-seconds", 10));
        var limit = cli.Int("limit-seconds", 0);
        var metricsUrl = cli.Text("metrics-url");

        using var stop = new StopSignal();
        if (limit > 0)
        {
            stop.StopAfter(TimeSpan.FromSeconds(limit));
        }

        var config = new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = $"streamrefiner-watch-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        using var consumer = new ConsumerBuilder<Ignore, string>(config)
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Subscribe(kafka.Topics.Transitions);

        var segments = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = 0;
        var nextSummary = DateTime.UtcNow + summaryEvery;
        var summarised = 0;
        Console.WriteLine($"watch: transitions from '{kafka.Topics.Transitions}'" +
            (metricsUrl is null ? string.Empty : $"; metrics at {metricsUrl}"));
        try
        {
            while (!stop.IsRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result?.Message?.Value is { } json)
                {
                    var t = TransitionJson.ReadSummary(json);
                    segments[t.Contact] = t.To;
                    total++;
                    Console.WriteLine(Line(t));
                }

                // A summary only when something changed since the last one.
                if (DateTime.UtcNow >= nextSummary && total != summarised)
                {
                    Console.WriteLine(Summary(segments, total, metricsUrl));
                    summarised = total;
                    nextSummary = DateTime.UtcNow + summaryEvery;
                }
            }
        }
        finally
        {
            Console.WriteLine(Summary(segments, total, metricsUrl));
            consumer.Close();
        }

        return 0;
    }

    /// <summary>One readable line: when, who (masked), from → to, and why.</summary>
    public static string Line(TransitionSummary t)
    {
        var when = t.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
        return $"{when}  {ContactMask.Mask(t.Contact),-13} {t.From ?? "(new)",-11} → {t.To,-11} {t.Rule}: {t.Detail}";
    }

    private static string Summary(Dictionary<string, string> segments, int total, string? metricsUrl)
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"── segment sizes after {total:N0} transitions: ");
        builder.AppendJoin(", ", segments.Values.GroupBy(s => s).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count():N0}"));
        if (metricsUrl is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"  (metrics: {metricsUrl})");
        }

        return builder.ToString();
    }
}
