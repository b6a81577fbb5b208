using StreamRefiner.Domain.Events;

namespace StreamRefiner.Domain.Tests;

/// <summary>Canonical events for tests, with unique deduplication keys unless one is given.</summary>
internal static class Events
{
    public const string Contact = "+12025550101";

    private static int _next;

    public static CanonicalEvent Of(EventType type, DateTimeOffset at, string? dedupe = null, string? keyword = null,
        string contact = Contact) => new()
    {
        EventId = dedupe ?? $"e{Interlocked.Increment(ref _next)}",
        Type = type,
        Contact = contact,
        OccurredAt = at,
        Clock = EventClock.Provider,
        Provider = "test",
        DedupeKey = dedupe ?? $"k{Interlocked.Increment(ref _next)}",
        Keyword = keyword,
    };
}
