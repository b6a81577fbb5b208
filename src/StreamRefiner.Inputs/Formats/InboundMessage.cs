namespace StreamRefiner.Inputs.Formats;

/// <summary>What a reader knows about one inbound message, before classification.</summary>
internal sealed record InboundMessage(string Provider, string DedupeKey, string Contact)
{
    public string? BusinessNumber { get; init; }

    public string? Body { get; init; }

    /// <summary>The provider's own consent flag value (OptOutType, autoresponse_type, MessageIntent).</summary>
    public string? Flag { get; init; }

    public string FlagName { get; init; } = "flag";

    public DateTimeOffset? ProviderTime { get; init; }

    public string? Campaign { get; init; }
}
