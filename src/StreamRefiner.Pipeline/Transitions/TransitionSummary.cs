namespace StreamRefiner.Pipeline.Transitions;

/// <summary>The main fields of a transition record, as read by consumers such as <c>watch</c> and tests.</summary>
public sealed record TransitionSummary(
    string Id,
    string Contact,
    long Sequence,
    string? From,
    string To,
    DateTimeOffset DecidedAt,
    string ReasonKind,
    string Rule,
    string Detail);
