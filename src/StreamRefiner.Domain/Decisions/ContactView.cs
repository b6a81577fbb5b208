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
}
