using Microsoft.Extensions.Logging;
using StreamRefiner.Domain.Segments;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// Where a rules load is recorded: the <see cref="PipelineMetrics.RulesInfo"/> version gauge, the
/// <see cref="PipelineMetrics.RulesReloads"/> counter by result, readiness and one log line. Called when rules
/// are loaded at start, and by the rules reload when it rejects a file.
/// </summary>
public static class RulesTelemetry
{
    private static readonly Lock Gate = new();
    private static string? _version;

    public static void Loaded(RuleSet rules, string source, PipelineHealth health, ILogger logger)
    {
        lock (Gate)
        {
            if (_version is not null && _version != rules.Version)
            {
                PipelineMetrics.RulesInfo.RemoveLabelled(_version);
            }

            _version = rules.Version;
            PipelineMetrics.RulesInfo.WithLabels(rules.Version).Set(1);
        }

        PipelineMetrics.RulesReloads.WithLabels("success").Inc();
        health.ReportRules(rules.Version);
        PipelineLog.RulesLoaded(logger, rules.Version, source, rules.Segments.Count);
    }

    /// <summary>A rules file was rejected: the running rules stay in force.</summary>
    public static void Rejected(string source, string error, ILogger logger)
    {
        PipelineMetrics.RulesReloads.WithLabels("failure").Inc();
        string running;
        lock (Gate)
        {
            running = _version ?? "none";
        }

        PipelineLog.RulesRejected(logger, source, running, error);
    }
}
