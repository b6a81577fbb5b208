using StreamRefiner.Rules;

namespace StreamRefiner.Host.Hosting;

/// <summary>The rules could not be loaded; carries every finding (file:line:column: message).</summary>
public sealed class RulesRejectedException : Exception
{
    public RulesRejectedException(IReadOnlyList<RulesDiagnostic> diagnostics)
        : base("the rules have errors:" + Environment.NewLine + string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public RulesRejectedException()
    {
        Diagnostics = [];
    }

    public RulesRejectedException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    public RulesRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    public IReadOnlyList<RulesDiagnostic> Diagnostics { get; }
}
