namespace StreamRefiner.Inputs.Formats;

/// <summary>The snake_case names of reject reasons, as written to the dead-letter topic and metrics.</summary>
public static class RejectReasonNames
{
    public static string Name(this RejectReason reason) => reason switch
    {
        RejectReason.MalformedJson => "malformed_json",
        RejectReason.UnknownFormat => "unknown_format",
        RejectReason.MissingField => "missing_field",
        RejectReason.InvalidContact => "invalid_contact",
        RejectReason.NotAContact => "not_a_contact",
        RejectReason.InvalidTime => "invalid_time",
        RejectReason.FutureEvent => "future_event",
        RejectReason.Oversize => "oversize",
        _ => "unknown",
    };
}
