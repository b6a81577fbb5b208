using StreamRefiner.Pipeline.Transitions;

namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>What a run left behind: committed transitions, each contact's state digest, dead-lettered inputs.</summary>
internal sealed record FaultOutcome(
    List<TransitionSummary> Transitions,
    Dictionary<string, string> States,
    HashSet<string> DeadLettered)
{
    public static async Task<FaultOutcome> Collect(FaultRun run, FaultStream stream) => new(
        run.CommittedTransitions(), await run.StateDigest(stream.Contacts), run.DeadLetteredSources());

    /// <summary>Compares with <paramref name="reference"/>; every figure goes to <paramref name="write"/>.
    /// Returns the differences (none when equal).</summary>
    /// <param name="abortedVisible">True when the run aborted transactions that had already written transitions
    /// (a worker killed mid-transaction): repeated copies of a transition (same id, same content) are then counted
    /// and printed but are not a difference. librdkafka's mock cluster, which these tests run against, implements
    /// transactions only in part (its fetch responses list no aborted transactions), so a read-committed consumer
    /// there also sees the records of a transaction that was aborted or never committed; on Kafka those are
    /// hidden. Runs without such aborts must show no copy at all.</param>
    public List<string> CompareWith(FaultOutcome reference, Action<string> write, bool abortedVisible)
    {
        var problems = new List<string>();
        var expected = reference.Transitions.ToHashSet();
        var actual = Transitions.ToHashSet();
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        var duplicates = Transitions.Count - actual.Count;
        write($"transitions: reference {reference.Transitions.Count}, this run {Transitions.Count} " +
            $"(distinct {actual.Count}); missing {missing.Count}, extra {extra.Count}, duplicates {duplicates}");
        foreach (var t in missing.Take(5))
        {
            write($"  missing {t.Id} seq {t.Sequence} {t.From} -> {t.To}");
        }

        foreach (var t in extra.Take(5))
        {
            write($"  extra   {t.Id} seq {t.Sequence} {t.From} -> {t.To}");
        }

        if (missing.Count > 0 || extra.Count > 0 || reference.Transitions.Count == 0)
        {
            problems.Add("transitions differ");
        }

        if (duplicates > 0 && !abortedVisible)
        {
            problems.Add($"{duplicates} transitions appear more than once");
        }

        var stateMissing = reference.States.Keys.Except(States.Keys).ToList();
        var stateExtra = States.Keys.Except(reference.States.Keys).ToList();
        var differing = reference.States.Keys.Intersect(States.Keys)
            .Where(c => reference.States[c] != States[c]).ToList();
        write($"contact states: reference {reference.States.Count}, this run {States.Count}; missing " +
            $"{stateMissing.Count}, extra {stateExtra.Count}, differing {differing.Count}");
        foreach (var contact in differing.Take(3))
        {
            write($"  reference {reference.States[contact]}");
            write($"  this run  {States[contact]}");
        }

        if (stateMissing.Count > 0 || stateExtra.Count > 0 || differing.Count > 0)
        {
            problems.Add("contact states differ");
        }

        var dlqMissing = reference.DeadLettered.Except(DeadLettered).Count();
        var dlqExtra = DeadLettered.Except(reference.DeadLettered).Count();
        write($"dead letters: reference {reference.DeadLettered.Count}, this run {DeadLettered.Count}; missing " +
            $"{dlqMissing}, extra {dlqExtra}");
        if (dlqMissing > 0 || dlqExtra > 0)
        {
            problems.Add("dead letters differ");
        }

        return problems;
    }
}
