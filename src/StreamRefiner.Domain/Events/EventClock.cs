namespace StreamRefiner.Domain.Events;

/// <summary>Which clock an event's <c>occurred_at</c> came from.</summary>
public enum EventClock
{
    /// <summary>A time the provider put in the payload (click time, DLR time, event time).</summary>
    Provider,

    /// <summary>The provider gave no time; the Kafka record timestamp was used.</summary>
    Kafka,
}
