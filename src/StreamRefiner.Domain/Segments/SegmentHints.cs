namespace StreamRefiner.Domain.Segments;

/// <summary>Cadence and message-variant hints a segment passes to SMS senders on every transition into it.</summary>
/// <param name="MaxPerWeek">At most this many messages a week.</param>
/// <param name="MinGap">At least this long between two messages.</param>
/// <param name="Pacing">A free-form pacing name the senders understand (e.g. <c>steady</c>, <c>slow</c>).</param>
/// <param name="Variant">The message variant or track to use.</param>
public sealed record SegmentHints(int? MaxPerWeek, TimeSpan? MinGap, string? Pacing, string? Variant);
