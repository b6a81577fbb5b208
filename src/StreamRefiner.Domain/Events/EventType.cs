namespace StreamRefiner.Domain.Events;

/// <summary>What happened, in provider-neutral terms. Serialised in snake_case on the wire.</summary>
public enum EventType
{
    /// <summary>A human clicked a tracked link.</summary>
    Click,

    /// <summary>A link was fetched by a preview bot or link scanner: not engagement.</summary>
    LinkPreview,

    /// <summary>An inbound message that is not a consent or help keyword.</summary>
    Reply,

    /// <summary>The contact revoked consent (keyword or provider flag).</summary>
    OptOut,

    /// <summary>The contact gave consent again (START, UNSTOP, provider flag).</summary>
    OptIn,

    /// <summary>HELP / INFO: informational, never changes consent.</summary>
    Help,

    /// <summary>An outbound message was accepted or sent to the carrier.</summary>
    Sent,

    /// <summary>An outbound message reached the handset.</summary>
    Delivered,

    /// <summary>An outbound message failed or was undelivered.</summary>
    Failed,
}
