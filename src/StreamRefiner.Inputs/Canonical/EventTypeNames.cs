using StreamRefiner.Domain.Events;

namespace StreamRefiner.Inputs.Canonical;

/// <summary>The wire names (snake_case) of event types and clocks.</summary>
public static class EventTypeNames
{
    private static readonly Dictionary<string, EventType> ByName = Enum.GetValues<EventType>()
        .ToDictionary(Name, t => t, StringComparer.Ordinal);

    public static string Name(EventType type) => type switch
    {
        EventType.Click => "click",
        EventType.LinkPreview => "link_preview",
        EventType.Reply => "reply",
        EventType.OptOut => "opt_out",
        EventType.OptIn => "opt_in",
        EventType.Help => "help",
        EventType.Sent => "sent",
        EventType.Delivered => "delivered",
        EventType.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown event type"),
    };

    public static bool TryParse(string? name, out EventType type) =>
        ByName.TryGetValue(name ?? string.Empty, out type);

    public static string Name(EventClock clock) => clock == EventClock.Provider ? "provider" : "kafka";

    public static EventClock ParseClock(string? name) => name == "kafka" ? EventClock.Kafka : EventClock.Provider;
}
