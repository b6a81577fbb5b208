using System.Globalization;

namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>
/// A seeded, fixed stream of Twilio delivery callbacks over a few hundred contacts, with poison records mixed in.
/// </summary>
/// <remarks>
/// Why the runs can be compared exactly: event times are history (2026, <see cref="FaultSettings.EventStep"/>
/// apart, never the wall clock),
/// records are keyed by contact so input partition i feeds internal partition i (same count, same murmur2
/// partitioner), and record i is produced before record i+1 — so each internal partition holds its events in
/// event-time order whatever the batching, and stream time (hence every timer firing) depends on the data only.
/// The worker runs with the wall-clock idle fallback off, so no timer fires from the wall clock.
/// The step between event times matters: the normalise stage is at-least-once, and its repeats (after a kill or
/// a rebalance, seconds later) are dropped by each contact's deduplication keys, which cover 48 hours of event
/// time. Produced at R records a second, a step S compresses 48 hours into 48 h / (S × R) seconds of wall time;
/// the settings keep that above ten seconds, so a repeat is not mistaken for a new event merely because the test
/// runs time a thousand times faster than life.
/// </remarks>
internal sealed class FaultStream
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Statuses = ["delivered", "delivered", "delivered", "delivered", "sent", "failed"];

    private FaultStream(List<FaultRecord> records, List<string> contacts)
    {
        Records = records;
        Contacts = contacts;
    }

    public IReadOnlyList<FaultRecord> Records { get; }

    public IReadOnlyList<string> Contacts { get; }

    public int PoisonCount => Records.Count(r => r.IsPoison);

    /// <param name="events">Valid events; one poison record is added per <paramref name="poisonEvery"/>.</param>
    public static FaultStream Create(int events, int contacts, TimeSpan step, int poisonEvery = 250, int seed = 6)
    {
        var random = new Random(seed);
        var numbers = Enumerable.Range(0, contacts)
            .Select(i => $"+1{202 + i / 1000 % 10}555{i / 100 % 10}1{i % 100:00}")
            .ToList();
        var records = new List<FaultRecord>(events + events / poisonEvery + 1);
        for (var i = 0; i < events; i++)
        {
            var contact = numbers[random.Next(numbers.Count)];
            var at = Start + step * i;
            var sid = "SM" + i.ToString("x32", CultureInfo.InvariantCulture);
            var status = Statuses[random.Next(Statuses.Length)];
            records.Add(new FaultRecord(contact, Payloads.TwilioStatus(contact, sid, status, at), at, IsPoison: false));
            if (i % poisonEvery == poisonEvery - 1)
            {
                // Not a form-encoded callback at all: the normalise stage must dead-letter it and move on.
                var poison = "\u0001{poison " + i.ToString(CultureInfo.InvariantCulture) + "\u0000";
                records.Add(new FaultRecord(numbers[random.Next(numbers.Count)], poison, at, IsPoison: true));
            }
        }

        return new FaultStream(records, numbers);
    }
}
