using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.State;

/// <summary>
/// A contact's state as loaded, with the version to write back against and any unacknowledged outbox.
/// </summary>
public sealed record StoredContact(string Contact, ContactState State, long Version, IReadOnlyList<string> Outbox);
