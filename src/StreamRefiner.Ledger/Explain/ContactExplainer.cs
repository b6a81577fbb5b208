using StreamRefiner.Domain.Decisions;
using StreamRefiner.Domain.Windows;
using StreamRefiner.State;

namespace StreamRefiner.Ledger.Explain;

/// <summary>
/// Answers "why is this contact where it is?": reads the contact's state from Redis (read-only, so it works
/// while the worker runs) and its history from the ledger.
/// </summary>
public sealed class ContactExplainer
{
    /// <summary>The windows explain reports for every signal.</summary>
    public static readonly TimeSpan[] Windows =
        [TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromDays(90)];

    private readonly RedisContactStore _store;
    private readonly SqlLedger _ledger;
    private readonly TimeProvider _clock;

    public ContactExplainer(RedisContactStore store, SqlLedger ledger, TimeProvider clock)
    {
        _store = store;
        _ledger = ledger;
        _clock = clock;
    }

    /// <summary>Explains one contact, given in E.164.</summary>
    public async Task<ContactExplanation> ExplainAsync(string contact, CancellationToken cancellationToken)
    {
        var stored = (await _store.LoadAsync([contact]).ConfigureAwait(false))[0];
        var history = await _ledger.ReadContactAsync(contact, cancellationToken).ConfigureAwait(false);

        // A contact never seen loads as an empty state: report it as absent rather than as a blank segment.
        var state = stored.State.Segment is null && stored.State.FirstSeen is null ? null : stored.State;

        // Windows are counted at the later of the wall clock and the contact's own decision clock.
        var now = _clock.GetUtcNow();
        if (state?.EvaluatedAt is { } evaluated && evaluated > now)
        {
            now = evaluated;
        }

        var windows = new List<(string, long)>();
        if (state is not null)
        {
            var view = new ContactView(state, now);
            foreach (var signal in Enum.GetValues<Signal>())
            {
                foreach (var window in Windows)
                {
                    windows.Add(($"{WindowNames.Signal(signal)}.{WindowNames.Window(window)}",
                        view.Count(signal, window)));
                }
            }

            if (view.LastActivity is { } last)
            {
                windows.Add(("days_since_last_activity", (long)Math.Floor((now - last).TotalDays)));
            }
        }

        return new ContactExplanation(contact, now, state, windows, history);
    }
}
