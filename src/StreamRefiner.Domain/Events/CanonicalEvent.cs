namespace StreamRefiner.Domain.Events;

/// <summary>
/// One engagement fact about one contact, whatever provider format it arrived in.
/// Schema version 1; the JSON form is documented in the README ("Canonical event").
/// </summary>
public sealed record CanonicalEvent
{
    /// <summary>The schema version this type writes.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Deterministic id: a hash of provider and deduplication key.</summary>
    public required string EventId { get; init; }

    public required EventType Type { get; init; }

    /// <summary>The contact, E.164 (for example <c>+12025550188</c>).</summary>
    public required string Contact { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required EventClock Clock { get; init; }

    /// <summary>Source format, for example <c>twilio</c> or <c>canonical</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>Provider-specific key that is equal for redeliveries of the same fact.</summary>
    public required string DedupeKey { get; init; }

    /// <summary>Our number, short code or sender id involved, when known.</summary>
    public string? BusinessNumber { get; init; }

    public string? Campaign { get; init; }

    public string? Variant { get; init; }

    /// <summary>The normalised keyword that made a reply a consent or help event (STOP, START, YES …).</summary>
    public string? Keyword { get; init; }

    /// <summary>
    /// For replies and consent events: why the classifier decided so, e.g. <c>keyword</c>,
    /// <c>provider_flag:OptOutType</c>, <c>natural_language:stop_contacting</c> or <c>ambiguous</c>.
    /// </summary>
    public string? ConsentReason { get; init; }

    /// <summary>For <see cref="EventType.Failed"/>: the canonical failure reason (landline, unreachable …).</summary>
    public string? FailureReason { get; init; }
}
