using StreamRefiner.Domain.Events;

namespace StreamRefiner.Inputs.Consent;

/// <summary>What an inbound message means for consent, and why the classifier thinks so.</summary>
/// <param name="Type">Reply, OptOut, OptIn or Help.</param>
/// <param name="Keyword">The normalised keyword or flag value that decided, when one did.</param>
/// <param name="Reason">How it was decided, e.g. <c>keyword</c> or <c>provider_flag:OptOutType</c>.</param>
public sealed record Classification(EventType Type, string? Keyword, string Reason);
