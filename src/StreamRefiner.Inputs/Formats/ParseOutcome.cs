using StreamRefiner.Domain.Events;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// The result of reading one record: zero or more canonical events (zero when the record is valid but says
/// nothing a segment uses, such as a "queued" status), or a rejection with its reason.
/// </summary>
public sealed class ParseOutcome
{
    private static readonly IReadOnlyList<CanonicalEvent> NoEvents = [];

    private ParseOutcome(string format, IReadOnlyList<CanonicalEvent> events, RejectReason? rejection, string? detail)
    {
        Format = format;
        Events = events;
        Rejection = rejection;
        Detail = detail;
    }

    /// <summary>The detected format, e.g. <c>twilio_form</c>; <c>unknown</c> when none matched.</summary>
    public string Format { get; }

    public IReadOnlyList<CanonicalEvent> Events { get; }

    public RejectReason? Rejection { get; }

    /// <summary>A human-readable explanation of the rejection; never contains a phone number or body.</summary>
    public string? Detail { get; }

    public static ParseOutcome Of(string format, params CanonicalEvent[] events) => new(format, events, null, null);

    public static ParseOutcome Ignored(string format) => new(format, NoEvents, null, null);

    public static ParseOutcome Reject(string format, RejectReason reason, string detail) =>
        new(format, NoEvents, reason, detail);
}
