using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Formats;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// <c>streamrefiner parse [--format F] [--topic T] [--whole] FILE|-</c>: reads raw input records (one per line,
/// or the whole input as one record with <c>--whole</c>) through the worker's <see cref="RecordParser"/>, with the
/// worker's <c>Inputs</c> settings, and prints each canonical event as the JSON line the internal topic carries.
/// A rejected record is reported on standard error with its dead-letter reason and detail, a record that is valid
/// but produces no event likewise. Exits 1 when any record was rejected.
/// </summary>
/// <remarks>
/// <c>--format</c> acts as the record's <c>sr-format</c> header; <c>--topic</c> names the input topic the records
/// are read as coming from, so its <c>Inputs:TopicFormats</c> pin applies. The Kafka timestamp of every record
/// (the time of events whose payload carries none) is the current time. Blank lines are skipped; records are
/// numbered by line. Output names contacts: it goes to standard output, never to a log.
/// </remarks>
public static class ParseCommand
{
    private static readonly string[] ValueOptions = ["--format", "--topic"];

    public static int Run(string[] args)
    {
        using var stdin = Console.OpenStandardInput();
        return Run(args, stdin, Console.Out, Console.Error, TimeProvider.System);
    }

    /// <param name="args">The command's arguments (after <c>parse</c>), configuration overrides included.</param>
    /// <param name="stdin">What <c>-</c> reads.</param>
    /// <param name="output">Where canonical event JSON lines go.</param>
    /// <param name="error">Where rejections, records without events and the summary go.</param>
    /// <param name="clock">The parser's clock (future-skew check) and the records' Kafka timestamp.</param>
    public static int Run(string[] args, Stream stdin, TextWriter output, TextWriter error, TimeProvider clock)
    {
        var cli = new CliArgs(args, "format", "topic");
        var file = Positional(args);
        if (file is null)
        {
            error.WriteLine("usage: streamrefiner parse [--format F] [--topic T] [--whole] FILE|-");
            return 2;
        }

        if (file != "-" && !File.Exists(file))
        {
            error.WriteLine($"{file}: no such file");
            return 2;
        }

        var parser = new RecordParser(CliConfiguration.Inputs(CliConfiguration.Load(args)), clock);
        var bytes = file == "-" ? ReadAll(stdin) : File.ReadAllBytes(file);
        List<(int Number, byte[] Value)> records = args.Contains("--whole", StringComparer.Ordinal)
            ? [(1, bytes)]
            : Lines(bytes);

        int read = 0, rejected = 0, events = 0;
        foreach (var (number, value) in records)
        {
            // The same call the normalise stage makes for a Kafka record (see NormaliseStage.Process).
            var outcome = parser.Parse(new RawRecord(value, clock.GetUtcNow(), cli.Text("topic"), cli.Text("format")));
            if (outcome.Rejection is { } reason)
            {
                rejected++;
                error.WriteLine(
                    $"record {number}: rejected: {reason.Name()}: {outcome.Detail} (format {outcome.Format})");
                continue;
            }

            read++;
            if (outcome.Events.Count == 0)
            {
                error.WriteLine($"record {number}: no event (format {outcome.Format})");
            }

            foreach (var e in outcome.Events)
            {
                events++;
                output.WriteLine(System.Text.Encoding.UTF8.GetString(CanonicalEventJson.Serialize(e)));
            }
        }

        error.WriteLine($"parse: {read + rejected} records, {read} read, {events} events, {rejected} rejected");
        return rejected > 0 ? 1 : 0;
    }

    /// <summary>The first argument that is neither an option nor an option's value.</summary>
    private static string? Positional(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (ValueOptions.Contains(args[i], StringComparer.Ordinal))
            {
                i++;
            }
            else if (args[i] == "-" || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return args[i];
            }
        }

        return null;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Non-blank lines split on LF (a CR before it dropped), as bytes, with their line numbers.</summary>
    private static List<(int Number, byte[] Value)> Lines(byte[] bytes)
    {
        var lines = new List<(int, byte[])>();
        var start = 0;
        var number = 1;
        while (start <= bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var stop = end < 0 ? bytes.Length : end;
            var length = stop > start && bytes[stop - 1] == '\r' ? stop - start - 1 : stop - start;
            var line = bytes.AsSpan(start, length);
            if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') >= 0)
            {
                lines.Add((number, line.ToArray()));
            }

            if (end < 0)
            {
                break;
            }

            start = end + 1;
            number++;
        }

        return lines;
    }
}
