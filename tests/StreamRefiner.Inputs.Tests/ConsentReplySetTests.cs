using System.Globalization;
using StreamRefiner.Domain.Events;
using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Consent;
using Xunit.Abstractions;

namespace StreamRefiner.Inputs.Tests;

/// <summary>
/// Runs the labelled reply set (Data/replies.tsv) through the classifier and reports opt-out precision and recall.
/// </summary>
public sealed class ConsentReplySetTests(ITestOutputHelper output)
{
    /// <summary>The FCC's per se reasonable words and CTIA/provider defaults: recall on these must be total.</summary>
    private static readonly HashSet<string> RequiredKeywords = new(StringComparer.Ordinal)
    {
        "STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "UNSUB", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
        "OPT OUT", "ALTO", "BAJA", "PARAR",
    };

    [Fact]
    public void The_reply_set_has_no_false_opt_outs_and_finds_at_least_95_percent_of_revocations()
    {
        var rows = Load();
        var results = rows.Select(r => (r.Text, r.Expected, Actual: ConsentClassifier.Classify(r.Text))).ToList();

        var truePositives = results.Count(r => r.Expected == "opt_out" && r.Actual.Type == EventType.OptOut);
        var falsePositives = results.Where(r => r.Expected != "opt_out" && r.Actual.Type == EventType.OptOut).ToList();
        var misses = results.Where(r => r.Expected == "opt_out" && r.Actual.Type != EventType.OptOut).ToList();
        var wrongClass = results.Where(r => EventTypeNames.Name(r.Actual.Type) != r.Expected).ToList();
        var precision = truePositives / (double)Math.Max(1, truePositives + falsePositives.Count);
        var recall = truePositives / (double)Math.Max(1, truePositives + misses.Count);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reply set: {rows.Count} replies, {truePositives + misses.Count} labelled opt_out"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"opt-out precision {precision:P1} ({truePositives}/{truePositives + falsePositives.Count}), "
            + $"recall {recall:P1} ({truePositives}/{truePositives + misses.Count})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ambiguous replies: {results.Count(r => r.Actual.Reason == ConsentClassifier.Ambiguous)}"));
        foreach (var (text, expected, actual) in wrongClass)
        {
            var got = EventTypeNames.Name(actual.Type);
            output.WriteLine($"  expected {expected,-7} got {got,-7} ({actual.Reason}): {text}");
        }

        Assert.True(rows.Count >= 300, $"the set has {rows.Count} replies; it should have at least 300");
        Assert.Empty(falsePositives.Select(r => r.Text));
        Assert.True(recall >= 0.95, $"opt-out recall {recall:P1} is below 95%");
    }

    [Fact]
    public void Every_required_keyword_in_the_reply_set_is_an_opt_out()
    {
        var keywordRows = Load()
            .Where(r => RequiredKeywords.Contains(ConsentClassifier.Words(r.Text)))
            .ToList();

        Assert.True(keywordRows.Count >= 40, $"only {keywordRows.Count} keyword rows in the set");
        Assert.All(keywordRows, r => Assert.Equal(EventType.OptOut, ConsentClassifier.Classify(r.Text).Type));
        Assert.All(keywordRows, r => Assert.Equal("opt_out", r.Expected));
    }

    [Fact]
    public void Opt_in_and_help_rows_keep_their_class()
    {
        var rows = Load().Where(r => r.Expected is "opt_in" or "help").ToList();

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(r.Expected, EventTypeNames.Name(ConsentClassifier.Classify(r.Text).Type)));
    }

    private static List<(string Text, string Expected)> Load() =>
    [
        .. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "replies.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(parts => (parts[0], parts[1])),
    ];
}
