namespace StreamRefiner.Pipeline.Ledger;

/// <summary>
/// One consent fact (opt-out, opt-in or help) as the ledger keeps it: what the contact sent, how it was
/// classified and where it came from. Never the message body.
/// </summary>
public sealed record ConsentChange
{
    /// <summary>The canonical event id (a hash of provider and deduplication key): equal for redeliveries.</summary>
    public required string EventKey { get; init; }

    public required string Contact { get; init; }

    /// <summary><c>opt_out</c>, <c>opt_in</c> or <c>help</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The normalised keyword or provider flag value (STOP, START …), when one decided.</summary>
    public string? Keyword { get; init; }

    /// <summary>How the classifier decided: <c>keyword</c>, <c>provider_flag:OptOutType</c> …</summary>
    public string? ClassifierReason { get; init; }

    public required string Provider { get; init; }

    /// <summary>The provider's message id (for Twilio the MessageSid): the deduplication key of the event.</summary>
    public required string ProviderMessageId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the provider payload landed in Kafka (its record timestamp).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    public string? SourceTopic { get; init; }

    public int? SourcePartition { get; init; }

    public long? SourceOffset { get; init; }
}
