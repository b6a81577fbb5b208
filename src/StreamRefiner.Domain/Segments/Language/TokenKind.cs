namespace StreamRefiner.Domain.Segments.Language;

internal enum TokenKind
{
    End,
    Identifier,
    Number,
    Duration,
    String,
    Dot,
    Comma,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Plus,
    Minus,
    Star,
    Slash,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
