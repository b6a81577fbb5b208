using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamRefiner.Deployment.Tests;

/// <summary>One Dockerfile instruction: its keyword in upper case and its arguments, continuations joined.</summary>
internal sealed partial record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>The words of the arguments: flags such as <c>--from=build</c> included, quotes kept.</summary>
    public IReadOnlyList<string> Words => Whitespace().Split(Arguments.Trim());

    /// <summary>The arguments in exec form (<c>["dotnet", "x.dll"]</c>), or null in shell form.</summary>
    public IReadOnlyList<string>? ExecForm()
    {
        if (!Arguments.TrimStart().StartsWith('['))
        {
            return null;
        }

        return JsonSerializer.Deserialize<string[]>(Arguments);
    }

    /// <summary>The variables an ENV instruction sets, in either the KEY=VALUE or the legacy KEY VALUE form.</summary>
    public IReadOnlyDictionary<string, string> EnvVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var arguments = Arguments.Trim();
        var words = Words;
        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            // Legacy form: ENV KEY the rest of the line is the value
            variables[words[0]] = arguments[words[0].Length..].Trim();
            return variables;
        }

        foreach (Match pair in EnvPair().Matches(arguments))
        {
            variables[pair.Groups["key"].Value] = pair.Groups["value"].Value.Trim('"');
        }

        return variables;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("""(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>"[^"]*"|\S*)""")]
    private static partial Regex EnvPair();
}
