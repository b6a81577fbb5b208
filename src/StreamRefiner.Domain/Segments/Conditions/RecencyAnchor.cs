namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary>The instants <c>since(…)</c> can measure from.</summary>
public enum RecencyAnchor
{
    /// <summary>When the contact was first seen.</summary>
    FirstSeen,

    /// <summary>The latest click or reply, or first sighting for a contact who never engaged.</summary>
    LastActivity,

    LastClick,
    LastReply,
    LastSent,
    LastDelivered,
    LastFailed,

    /// <summary>When the contact entered its current segment.</summary>
    Entered,
}
