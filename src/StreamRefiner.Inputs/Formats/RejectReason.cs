namespace StreamRefiner.Inputs.Formats;

/// <summary>Why a record went to the dead-letter topic. Bounded: these names are metric label values.</summary>
public enum RejectReason
{
    MalformedJson,
    UnknownFormat,
    MissingField,
    InvalidContact,
    NotAContact,
    InvalidTime,
    FutureEvent,
    Oversize,
}
