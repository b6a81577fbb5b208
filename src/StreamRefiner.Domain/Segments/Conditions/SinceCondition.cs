using StreamRefiner.Domain.Decisions;

namespace StreamRefiner.Domain.Segments.Conditions;

/// <summary>
/// Time since an anchor compared with a duration: <c>since(last_activity) >= 60d</c>.
/// A contact without the anchor (never seen) never matches.
/// </summary>
public sealed class SinceCondition : ICondition
{
    private readonly RecencyAnchor _anchor;
    private readonly bool _atLeast;
    private readonly TimeSpan _duration;

    /// <param name="anchor">What to measure from.</param>
    /// <param name="atLeast">True for <c>&gt;=</c>, false for <c>&lt;</c>.</param>
    /// <param name="duration">The threshold.</param>
    public SinceCondition(RecencyAnchor anchor, bool atLeast, TimeSpan duration)
    {
        _anchor = anchor;
        _atLeast = atLeast;
        _duration = duration;
        var name = anchor == RecencyAnchor.FirstSeen ? "first_seen" : "last_activity";
        Text = $"since({name}) {(atLeast ? ">=" : "<")} {CountCondition.WindowLabel(duration)}";
    }

    public string Text { get; }

    public bool Evaluate(in ContactView view)
    {
        var anchor = AnchorOf(view);
        if (anchor is null)
        {
            return false;
        }

        var elapsed = view.Now - anchor.Value;
        return _atLeast ? elapsed >= _duration : elapsed < _duration;
    }

    public DateTimeOffset? NextChange(in ContactView view)
    {
        var anchor = AnchorOf(view);
        if (anchor is null)
        {
            return null;
        }

        var flip = anchor.Value + _duration;
        return flip > view.Now ? flip : null;
    }

    private DateTimeOffset? AnchorOf(in ContactView view) =>
        _anchor == RecencyAnchor.FirstSeen ? view.State.FirstSeen : view.LastActivity;
}
