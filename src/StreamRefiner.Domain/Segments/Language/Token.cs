namespace StreamRefiner.Domain.Segments.Language;

/// <summary>A token of a condition: its kind, text, offset and, for numbers and durations, its value.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Offset, double Number = 0,
    TimeSpan Duration = default);
