using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Events;

namespace StreamRefiner.Benchmarks;

/// <summary>
/// A realistic population of contacts over 90 days: on average about 25 sends with their delivery receipts,
/// 3 clicks and 1 reply per contact, with a long tail — a fifth of contacts silent (sends only) and one in
/// fifty heavy (several times the average). Each contact's history is run through the real decider.
/// </summary>
internal static class ContactMix
{
    public static ContactState Build(Decider decider, int index, DateTimeOffset end, Random random)
    {
        var contact = $"+1202555{index:D7}";
        var state = new ContactState();
        var log = new DecisionLog();
        var start = end.AddDays(-90);
        var heavy = random.NextDouble() < 0.02 ? 4 : 1;
        var silent = random.NextDouble() < 0.2;
        var sends = (int)(random.Next(15, 36) * heavy);
        var clicks = silent ? 0 : (int)(Poisson(random, 3.5) * heavy);
        var replies = silent ? 0 : (int)(Poisson(random, 1.2) * heavy);

        var events = new List<(EventType Type, DateTimeOffset At)>();
        for (var i = 0; i < sends; i++)
        {
            var at = start + (end - start) * random.NextDouble();
            events.Add((EventType.Sent, at));
            events.Add((EventType.Delivered, at.AddSeconds(random.Next(2, 60))));
        }

        for (var i = 0; i < clicks; i++)
        {
            events.Add((EventType.Click, start + (end - start) * random.NextDouble()));
        }

        for (var i = 0; i < replies; i++)
        {
            events.Add((EventType.Reply, start + (end - start) * random.NextDouble()));
        }

        // Provider times are whole seconds (Twilio, Plivo, Sinch) or carry milliseconds that are zero.
        events = [.. events.Select(e => (e.Type, new DateTimeOffset(e.At.Ticks - e.At.Ticks % TimeSpan.TicksPerSecond,
            TimeSpan.Zero)))];
        events.Sort((a, b) => a.At.CompareTo(b.At));
        var offset = 0L;
        foreach (var (type, at) in events)
        {
            decider.Apply(state, new CanonicalEvent
            {
                EventId = $"{index}:{offset}",
                Type = type,
                Contact = contact,
                OccurredAt = at,
                Clock = EventClock.Provider,
                Provider = "bench",
                DedupeKey = $"SM{index:x}{offset:x}:{type}",
            }, offset++, log);
        }

        decider.Fire(state, contact, end, log);
        return state;
    }

    public static string Contact(int index) => $"+1202555{index:D7}";

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            count++;
        }

        return count;
    }
}
