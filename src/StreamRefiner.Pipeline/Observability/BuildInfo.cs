using System.Reflection;
using Microsoft.Extensions.Logging;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// The running build's version and source commit, from the assembly's informational version
/// (<c>1.0.0+&lt;commit&gt;</c>, which the SDK writes from git), published as
/// <see cref="PipelineMetrics.BuildInfo"/>.
/// </summary>
public static class BuildInfo
{
    public static (string Version, string Commit) Read()
    {
        var informational = typeof(BuildInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? (informational, "unknown")
            : (informational[..plus], informational[(plus + 1)..]);
    }

    public static void Publish(ILogger logger)
    {
        var (version, commit) = Read();
        PipelineMetrics.BuildInfo.WithLabels(version, commit).Set(1);
        PipelineLog.BuildStarting(logger, version, commit);
    }
}
