namespace StreamRefiner.Pipeline.Kafka;

/// <summary>Topic names (configuration section <c>Kafka:Topics</c>).</summary>
public sealed class TopicOptions
{
    public string Clicks { get; set; } = "sms.clicks";

    public string Replies { get; set; } = "sms.replies";

    public string Consent { get; set; } = "sms.consent";

    public string Deliveries { get; set; } = "sms.deliveries";

    /// <summary>Internal: canonical events keyed by contact, written by normalise, read by decide.</summary>
    public string Events { get; set; } = "streamrefiner.events-by-contact";

    public string Transitions { get; set; } = "streamrefiner.transitions";

    public string DeadLetter { get; set; } = "streamrefiner.dead-letter";

    /// <summary>The four raw input topics.</summary>
    public IReadOnlyList<string> Inputs => [Clicks, Replies, Consent, Deliveries];
}
