namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>One input record of a <see cref="FaultStream"/>: its key (the contact), payload and event time.</summary>
internal sealed record FaultRecord(string Contact, string Payload, DateTimeOffset At, bool IsPoison);
