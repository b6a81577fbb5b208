namespace StreamRefiner.Rules;

/// <summary>How bad a rules-file finding is: errors refuse the file, warnings are reported.</summary>
public enum RulesSeverity
{
    Error,
    Warning,
}
