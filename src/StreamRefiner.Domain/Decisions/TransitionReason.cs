namespace StreamRefiner.Domain.Decisions;

/// <summary>Why a transition happened.</summary>
/// <param name="Kind"><c>consent</c>, <c>rule</c> or <c>first_seen</c>.</param>
/// <param name="Rule">The segment rule or consent action that decided, e.g. <c>engaged.enter</c>,
/// <c>opt_out</c>.</param>
/// <param name="Detail">The condition text or the consent keyword.</param>
/// <param name="Values">The window values at the decision, by name (<c>clicks.7d</c> …).</param>
public sealed record TransitionReason(
    string Kind,
    string Rule,
    string Detail,
    IReadOnlyDictionary<string, long> Values);
