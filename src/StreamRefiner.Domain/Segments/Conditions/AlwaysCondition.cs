using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary>Always true: the condition of the fallback segment.</summary>
public sealed class AlwaysCondition : ICondition
{
    public static readonly AlwaysCondition Instance = new();

    private AlwaysCondition()
    {
    }

    public string Text => "true";

    public bool Evaluate(in ContactView view) => true;

    public DateTimeOffset? NextChange(in ContactView view) => null;
}
