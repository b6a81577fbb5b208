using StreamRefiner.Inputs.Canonical;
using StreamRefiner.Inputs.Consent;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// <c>streamrefiner classify [--provider-flag VALUE] TEXT…</c>: classifies a reply as the worker does
/// (<see cref="ConsentClassifier"/>) and prints the consent class, the classifier's reason and the keyword that
/// decided, e.g. <c>opt_out  keyword  STOP</c>. Several words are joined with spaces, so quotes are optional.
/// </summary>
public static class ClassifyCommand
{
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var cli = new CliArgs(args, "provider-flag");
        var words = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--provider-flag")
            {
                i++;
            }
            else if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(args[i]);
            }
        }

        var flag = cli.Text("provider-flag");
        if (words.Count == 0 && flag is null)
        {
            error.WriteLine("usage: streamrefiner classify [--provider-flag VALUE] TEXT");
            return 2;
        }

        var result = ConsentClassifier.Classify(string.Join(' ', words), flag, "flag");
        output.WriteLine(string.Join("  ",
            new[] { EventTypeNames.Name(result.Type), result.Reason, result.Keyword }.OfType<string>()));
        return 0;
    }
}
