using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Decisions;

/// <summary>A contact's state read at one instant: what conditions evaluate against.</summary>
public readonly struct ContactView
{
    public ContactView(ContactState state, DateTimeOffset now)
    {
        State = state;
        Now = now;
    }

    public ContactState State { get; }

    public DateTimeOffset Now { get; }

    public long Count(Signal signal, TimeSpan window) => State.Window(signal).Count(window, Now);

    /// <summary>The latest engagement, or first sighting for a contact who never engaged.</summary>
    public DateTimeOffset? LastActivity => State.LastEngagement ?? State.FirstSeen;

    /// <summary>The instant <c>since(anchor)</c> measures from; null when the contact has none.</summary>
    public DateTimeOffset? Anchor(Segments.Conditions.RecencyAnchor anchor) => anchor switch
    {
        Segments.Conditions.RecencyAnchor.FirstSeen => State.FirstSeen,
        Segments.Conditions.RecencyAnchor.LastActivity => LastActivity,
        Segments.Conditions.RecencyAnchor.LastClick => State.LastSeen[(int)Signal.Clicks],
        Segments.Conditions.RecencyAnchor.LastReply => State.LastSeen[(int)Signal.Replies],
        Segments.Conditions.RecencyAnchor.LastSent => State.LastSeen[(int)Signal.Sent],
        Segments.Conditions.RecencyAnchor.LastDelivered => State.LastSeen[(int)Signal.Delivered],
        Segments.Conditions.RecencyAnchor.LastFailed => State.LastSeen[(int)Signal.Failed],
        Segments.Conditions.RecencyAnchor.Entered => State.SegmentSince,
        _ => null,
    };

    public string? Attribute(string name) => State.Attributes.GetValueOrDefault(name);
}
