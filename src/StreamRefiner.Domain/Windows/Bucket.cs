namespace StreamRefiner.Domain.Windows;

/// <summary>
/// A count of events that fell in one time bucket: an hour (recent events) or a UTC day (older ones).
/// <paramref name="StartHour"/> is whole hours since the Unix epoch.
/// </summary>
public readonly record struct Bucket(int StartHour, int Count, bool IsDay);
