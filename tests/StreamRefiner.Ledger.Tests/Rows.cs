using StreamRefiner.Domain.Decisions;
using StreamRefiner.Pipeline.Ledger;

namespace StreamRefiner.Ledger.Tests;

/// <summary>Ledger rows for tests (made-up numbers and message ids).</summary>
internal static class Rows
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static LedgerTransition Transition(string contact, long sequence, string? from, string to,
        DateTimeOffset? at = null) => new(new Transition
        {
            Id = Domain.Decisions.Transition.IdFor(contact, sequence, to, at ?? Start.AddHours(sequence)),
            Contact = contact,
            Sequence = sequence,
            From = from,
            To = to,
            DecidedAt = at ?? Start.AddHours(sequence),
            TriggerEventTime = at ?? Start.AddHours(sequence),
            TriggerEventId = $"ev{sequence}",
            Reason = new TransitionReason("rule", $"{to}.enter", "clicks.7d + replies.7d >= 2",
                new Dictionary<string, long> { ["clicks.7d"] = 2, ["days_since_last_activity"] = 0 }),
            RulesVersion = "default-1",
        }, "sms.clicks", 3, 1000 + sequence);

    public static ConsentChange Consent(string contact, string action, string keyword, string messageId,
        DateTimeOffset at) => new()
        {
            EventKey = $"twilio|{messageId}",
            Contact = contact,
            Action = action,
            Keyword = keyword,
            ClassifierReason = "keyword",
            Provider = "twilio",
            ProviderMessageId = messageId,
            OccurredAt = at,
            ReceivedAt = at.AddSeconds(1),
            SourceTopic = "sms.replies",
            SourcePartition = 1,
            SourceOffset = 42,
        };

    /// <summary><paramref name="count"/> transitions of distinct contacts, as one decide batch might hold.</summary>
    public static LedgerBatch ManyTransitions(int count, int seed) => new(
        [.. Enumerable.Range(0, count).Select(i => Transition($"+1202{seed:000}{i:0000}", 1, null, "subscribed"))],
        []);
}
