using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Pipeline.Decide;

/// <summary>
/// The decider in force. A rules reload swaps it; the decide stage reads it once per batch, so a batch is
/// decided by one rules version from start to end.
/// </summary>
public sealed class DeciderHolder(Decider initial)
{
    private volatile Decider _current = initial;

    public Decider Current => _current;

    public void Swap(Decider next) => _current = next;
}
