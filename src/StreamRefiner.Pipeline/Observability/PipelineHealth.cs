namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// What <c>/readyz</c> reports: each stage says whether it is running and whether its last batch reached
/// its dependencies. Thread-safe; written by the stage threads, read by the HTTP host.
/// </summary>
public sealed class PipelineHealth
{
    private readonly Dictionary<string, (bool Running, string? Problem)> _stages = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Report(string stage, bool running, string? problem)
    {
        lock (_lock)
        {
            _stages[stage] = (running, problem);
        }

        PipelineMetrics.Ready.Set(IsReady(out _) ? 1 : 0);
    }

    /// <summary>True when every registered stage runs without a problem; otherwise says why not.</summary>
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
            detail = problems.Count == 0 ? "ready" : string.Join("; ", problems);
            return problems.Count == 0;
        }
    }
}
