namespace StreamRefiner.Deployment.Tests;

/// <summary>
/// A Dockerfile read the way the builder reads it: comment lines dropped (also inside a continuation),
/// lines ending in a backslash joined to the next, and the instructions split into stages at each FROM.
/// </summary>
internal sealed class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The last stage: the one <c>docker build</c> produces when no target is named.</summary>
    public DockerStage Final => Stages[^1];

    public static DockerfileModel Load(string path) => Parse(File.ReadAllLines(path));

    public static DockerfileModel Parse(IEnumerable<string> lines)
    {
        var stages = new List<DockerStage>();
        string? image = null;
        string? name = null;
        var instructions = new List<DockerInstruction>();

        foreach (var instruction in Instructions(lines))
        {
            if (instruction.Keyword == "FROM")
            {
                if (image is not null)
                {
                    stages.Add(new DockerStage(image, name, instructions));
                }

                // FROM [--platform=...] image [AS name]
                var words = instruction.Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                image = words[0];
                name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase)
                    ? words[2]
                    : null;
                instructions = [];
                continue;
            }

            instructions.Add(instruction);
        }

        if (image is not null)
        {
            stages.Add(new DockerStage(image, name, instructions));
        }

        return new DockerfileModel(stages);
    }

    private static IEnumerable<DockerInstruction> Instructions(IEnumerable<string> lines)
    {
        var pending = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Count == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending.Add(line[..^1].Trim());
                continue;
            }

            pending.Add(line);
            var text = string.Join(' ', pending.Where(p => p.Length > 0));
            pending.Clear();

            var space = text.IndexOfAny([' ', '\t']);
            yield return space < 0
                ? new DockerInstruction(text.ToUpperInvariant(), string.Empty)
                : new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim());
        }
    }
}
