using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary>A boolean rule over a contact's windows and recency, evaluated without allocating.</summary>
public interface ICondition
{
    /// <summary>The condition as a rule author would write it, for reasons and logs.</summary>
    string Text { get; }

    bool Evaluate(in ContactView view);

    /// <summary>
    /// The earliest time after <c>view.Now</c> at which the value could change if no event arrives
    /// (a bucket leaving a window, a recency threshold passing); null when it cannot change by time alone.
    /// </summary>
    DateTimeOffset? NextChange(in ContactView view);
}
