namespace StreamRefiner.Rules;

/// <summary>A finding in a rules file, at a 1-based line and column.</summary>
public sealed record RulesDiagnostic(string File, int Line, int Column, RulesSeverity Severity, string Message)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == RulesSeverity.Error ? "error" : "warning")}: {Message}";
}
