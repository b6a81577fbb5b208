using System.Text.RegularExpressions;

namespace StreamRefiner.Deployment.Tests;

/// <summary>Kubernetes' $(NAME) variable references in an env value; $$(NAME) is an escape, not a reference.</summary>
internal static partial class WorkerEnvironment
{
    public static IEnumerable<string> References(string value) =>
        Reference().Matches(value).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"(?<!\$)\$\((?<name>[A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex Reference();
}
