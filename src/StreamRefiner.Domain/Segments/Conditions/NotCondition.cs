using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary>The negation of a condition.</summary>
public sealed class NotCondition(ICondition inner) : ICondition
{
    public string Text { get; } = $"not ({inner.Text})";

    public bool Evaluate(in ContactView view) => !inner.Evaluate(view);

    public DateTimeOffset? NextChange(in ContactView view) => inner.NextChange(view);
}
