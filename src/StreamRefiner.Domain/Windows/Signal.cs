namespace StreamRefiner.Domain.Windows;

/// <summary>The signals whose counts are kept in rolling windows per contact.</summary>
public enum Signal
{
    Clicks = 0,
    Replies = 1,
    Sent = 2,
    Delivered = 3,
    Failed = 4,
}
