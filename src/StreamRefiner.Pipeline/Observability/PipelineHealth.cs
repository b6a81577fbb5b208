using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// What <c>/readyz</c> reports. Ready means: every started stage runs, has joined its consumer group (its
/// partitions are assigned, possibly none) and reached its dependencies on its last batch; every probed
/// dependency (Redis, Kafka) answered its last probe; and rules are loaded. Thread-safe; written by the stage
/// threads and the dependency probe, read by the HTTP host. Logs a line when a dependency goes down or up.
/// </summary>
public sealed class PipelineHealth(ILogger<PipelineHealth>? logger = null)
{
    private readonly Dictionary<string, (bool Running, string? Problem)> _stages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _joined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Up, string? Detail)> _dependencies = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<PipelineHealth>.Instance;
    private readonly Lock _lock = new();
    private string? _rulesVersion;

    public void Report(string stage, bool running, string? problem)
    {
        lock (_lock)
        {
            _stages[stage] = (running, problem);
        }

        Publish();
    }

    /// <summary>A stage's consumer joined its group (partitions assigned) or lost its membership.</summary>
    public void ReportMembership(string stage, bool joined)
    {
        lock (_lock)
        {
            _joined[stage] = joined;
        }

        Publish();
    }

    /// <summary>The result of probing a dependency; logs the change when it goes down or comes back.</summary>
    public void ReportDependency(string dependency, bool up, string? detail)
    {
        bool? was;
        lock (_lock)
        {
            was = _dependencies.TryGetValue(dependency, out var previous) ? previous.Up : null;
            _dependencies[dependency] = (up, detail);
        }

        PipelineMetrics.DependencyUp.WithLabels(dependency).Set(up ? 1 : 0);
        if (was != up)
        {
            if (up)
            {
                PipelineLog.DependencyUp(_logger, dependency);
            }
            else
            {
                PipelineLog.DependencyDown(_logger, dependency, detail ?? "no answer");
            }
        }

        Publish();
    }

    public void ReportRules(string version)
    {
        lock (_lock)
        {
            _rulesVersion = version;
        }

        Publish();
    }

    /// <summary>True when the worker is ready (see the type's summary); otherwise says why not.</summary>
    public bool IsReady(out string detail)
    {
        lock (_lock)
        {
            if (_stages.Count == 0)
            {
                detail = "no stage started";
                return false;
            }

            var problems = _stages
                .Where(s => !s.Value.Running || s.Value.Problem is not null)
                .Select(s => $"{s.Key}: {s.Value.Problem ?? "not running"}")
                .ToList();
            problems.AddRange(_stages.Keys
                .Where(s => _stages[s].Running && !_joined.GetValueOrDefault(s))
                .Select(s => $"{s}: no partitions assigned yet"));
            problems.AddRange(_dependencies
                .Where(d => !d.Value.Up)
                .Select(d => $"{d.Key}: {d.Value.Detail ?? "unreachable"}"));
            if (_rulesVersion is null)
            {
                problems.Add("rules: not loaded");
            }

            detail = problems.Count == 0 ? "ready" : string.Join("; ", problems);
            return problems.Count == 0;
        }
    }

    private void Publish() => PipelineMetrics.Ready.Set(IsReady(out _) ? 1 : 0);
}
