using StreamRefiner.Domain.Segments;

namespace StreamRefiner.Rules;

/// <summary>A loaded rules file: the rule set when there were no errors, and every finding.</summary>
public sealed record RulesLoadResult(RuleSet? Rules, IReadOnlyList<RulesDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == RulesSeverity.Error);
}
