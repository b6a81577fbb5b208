using System.Globalization;

namespace StreamRefiner.Domain.Segments.Language;

/// <summary>Splits a condition into tokens. Durations are a number glued to a unit: 90s, 15m, 6h, 14d, 2w.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiDigit(ch))
            {
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'
                    && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    i++;
                }

                var number = double.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
                if (i < text.Length && char.IsAsciiLetter(text[i]))
                {
                    var unitStart = i;
                    while (i < text.Length && char.IsAsciiLetter(text[i]))
                    {
                        i++;
                    }

                    var duration = text[unitStart..i] switch
                    {
                        "s" => TimeSpan.FromSeconds(number),
                        "m" => TimeSpan.FromMinutes(number),
                        "h" => TimeSpan.FromHours(number),
                        "d" => TimeSpan.FromDays(number),
                        "w" => TimeSpan.FromDays(7 * number),
                        _ => throw new RuleSyntaxException(
                            $"unknown duration unit '{text[unitStart..i]}'; expected s, m, h, d or w", start),
                    };
                    tokens.Add(new Token(TokenKind.Duration, text[start..i], start, number, duration));
                }
                else
                {
                    tokens.Add(new Token(TokenKind.Number, text[start..i], start, number));
                }

                continue;
            }

            if (char.IsAsciiLetter(ch) || ch == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
                continue;
            }

            if (ch == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    i++;
                }

                if (i >= text.Length)
                {
                    throw new RuleSyntaxException("unterminated string; expected a closing '\"'", start);
                }

                i++;
                tokens.Add(new Token(TokenKind.String, text[(start + 1)..(i - 1)], start));
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
            var (kind, length) = two switch
            {
                "==" => (TokenKind.Equal, 2),
                "!=" => (TokenKind.NotEqual, 2),
                "<=" => (TokenKind.LessOrEqual, 2),
                ">=" => (TokenKind.GreaterOrEqual, 2),
                _ => ch switch
                {
                    '<' => (TokenKind.Less, 1),
                    '>' => (TokenKind.Greater, 1),
                    '.' => (TokenKind.Dot, 1),
                    ',' => (TokenKind.Comma, 1),
                    '(' => (TokenKind.LeftParen, 1),
                    ')' => (TokenKind.RightParen, 1),
                    '[' => (TokenKind.LeftBracket, 1),
                    ']' => (TokenKind.RightBracket, 1),
                    '+' => (TokenKind.Plus, 1),
                    '-' => (TokenKind.Minus, 1),
                    '*' => (TokenKind.Star, 1),
                    '/' => (TokenKind.Slash, 1),
                    _ => throw new RuleSyntaxException($"unexpected character '{ch}'", i),
                },
            };
            tokens.Add(new Token(kind, text.Substring(i, length), i));
            i += length;
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }
}
