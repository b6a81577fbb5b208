using StreamRefiner.Domain.Segments.Conditions;
using StreamRefiner.Domain.Windows;

namespace StreamRefiner.Domain.Segments.Language;

/// <summary>
/// Parses and type-checks a condition once, into a compiled <see cref="ICondition"/> that evaluates without
/// allocating. The grammar, from loosest to tightest binding:
/// <c>or</c>, <c>and</c>, <c>not</c>, comparisons (<c>== != &lt; &lt;= &gt; &gt;=</c>, <c>in</c>, <c>not in</c>),
/// <c>+ -</c>, <c>* /</c>, unary minus, then literals (numbers, durations like 6h, "text", [lists], true, false),
/// parentheses, <c>SIGNAL.WINDOW</c>, <c>count(SIGNAL, WINDOW)</c>, <c>since(ANCHOR)</c>, <c>attr.NAME</c>,
/// <c>has(attr.NAME)</c> and <c>segment</c>. Errors carry the offset of the offending token.
/// </summary>
public sealed class ConditionCompiler
{
    private static readonly Dictionary<string, Signal> Signals = new(StringComparer.Ordinal)
    {
        ["clicks"] = Signal.Clicks,
        ["replies"] = Signal.Replies,
        ["sent"] = Signal.Sent,
        ["delivered"] = Signal.Delivered,
        ["failed"] = Signal.Failed,
    };

    private static readonly Dictionary<string, RecencyAnchor> Anchors = new(StringComparer.Ordinal)
    {
        ["first_seen"] = RecencyAnchor.FirstSeen,
        ["last_activity"] = RecencyAnchor.LastActivity,
        ["last_engagement"] = RecencyAnchor.LastActivity,
        ["last_click"] = RecencyAnchor.LastClick,
        ["last_reply"] = RecencyAnchor.LastReply,
        ["last_sent"] = RecencyAnchor.LastSent,
        ["last_delivered"] = RecencyAnchor.LastDelivered,
        ["last_failed"] = RecencyAnchor.LastFailed,
        ["entered"] = RecencyAnchor.Entered,
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "not", "in", "true", "false",
    };

    private readonly string _text;
    private readonly CompileContext _context;
    private readonly List<Token> _tokens;
    private int _position;

    private ConditionCompiler(string text, CompileContext context)
    {
        _text = text;
        _context = context;
        _tokens = Lexer.Tokenize(text);
    }

    private enum Kind
    {
        Bool,
        Number,
        Duration,
        Text,
        Attribute,
        List,
    }

    /// <summary>Compiles <paramref name="text"/>; throws <see cref="RuleSyntaxException"/> with an offset.</summary>
    public static ICondition Compile(string text, CompileContext context)
    {
        var compiler = new ConditionCompiler(text, context);
        var result = compiler.Or();
        compiler.Expect(TokenKind.End, "an operator or the end of the condition");
        if (result.Kind != Kind.Bool)
        {
            throw new RuleSyntaxException($"a condition must be true or false, but this is {Describe(result.Kind)}", 0);
        }

        return (ICondition)result.Node;
    }

    private Operand Or()
    {
        var left = And();
        while (IsKeyword("or"))
        {
            var start = left.Start;
            _position++;
            var right = And();
            var either = LogicalCondition.Or(AsBool(left, "or"), AsBool(right, "or"));
            left = new Operand(Kind.Bool, either, start, right.End);
        }

        return left;
    }

    private Operand And()
    {
        var left = Not();
        while (IsKeyword("and"))
        {
            _position++;
            var right = Not();
            left = new Operand(Kind.Bool, LogicalCondition.And(AsBool(left, "and"), AsBool(right, "and")), left.Start,
                right.End);
        }

        return left;
    }

    private Operand Not()
    {
        if (IsKeyword("not"))
        {
            var start = Current.Offset;
            _position++;
            var inner = Not();
            return new Operand(Kind.Bool, new NotCondition(AsBool(inner, "not")), start, inner.End);
        }

        return Comparison();
    }

    private Operand Comparison()
    {
        var left = Sum();
        var negatedIn = IsKeyword("not") && Peek(1) is { Kind: TokenKind.Identifier, Text: "in" };
        if (IsKeyword("in") || negatedIn)
        {
            _position += negatedIn ? 2 : 1;
            var list = Primary();
            if (list.Kind != Kind.List)
            {
                throw new RuleSyntaxException("expected a list like [\"CA\", \"NY\"] after 'in'", list.Start);
            }

            return Membership(left, (List<Token>)list.Node, negatedIn, list.End);
        }

        var comparison = Current.Kind switch
        {
            TokenKind.Equal => Conditions.Comparison.Equal,
            TokenKind.NotEqual => Conditions.Comparison.NotEqual,
            TokenKind.Less => Conditions.Comparison.Less,
            TokenKind.LessOrEqual => Conditions.Comparison.LessOrEqual,
            TokenKind.Greater => Conditions.Comparison.Greater,
            TokenKind.GreaterOrEqual => Conditions.Comparison.GreaterOrEqual,
            _ => (Comparison?)null,
        };
        if (comparison is not { } op)
        {
            return left;
        }

        var opToken = Current;
        _position++;
        var right = Sum();
        var text = _text[left.Start..right.End].Trim();
        var isEquality = op is Conditions.Comparison.Equal or Conditions.Comparison.NotEqual;

        if (IsTextual(left.Kind) && IsTextual(right.Kind) && (left.Kind != Kind.Attribute || right.Kind != Kind.Number))
        {
            if (!isEquality)
            {
                throw new RuleSyntaxException($"text can only be compared with == or !=, not '{opToken.Text}'",
                    opToken.Offset);
            }

            if (left.Node is ConstantText l)
            {
                CheckSegmentNames(right, [(l.Value, left.Start)]);
            }

            if (right.Node is ConstantText r)
            {
                CheckSegmentNames(left, [(r.Value, right.Start)]);
            }

            return new Operand(Kind.Bool, new TextComparison(text, AsText(left), op == Conditions.Comparison.Equal,
                AsText(right)), left.Start, right.End);
        }

        var leftKind = left.Kind == Kind.Attribute ? Kind.Number : left.Kind;
        var rightKind = right.Kind == Kind.Attribute ? Kind.Number : right.Kind;
        if (leftKind != rightKind || leftKind is not (Kind.Number or Kind.Duration))
        {
            throw new RuleSyntaxException(
                $"cannot compare {Describe(left.Kind)} with {Describe(right.Kind)} using '{opToken.Text}'",
                opToken.Offset);
        }

        return new Operand(Kind.Bool, new NumberComparison(text, AsNumber(left), op, AsNumber(right)), left.Start,
            right.End);
    }

    private Operand Membership(Operand value, List<Token> items, bool negate, int end)
    {
        var text = _text[value.Start..end].Trim();
        if (items.All(t => t.Kind == TokenKind.String) && IsTextual(value.Kind) && value.Kind != Kind.Number)
        {
            CheckSegmentNames(value, items.Select(t => (t.Text, t.Offset)));
            var set = items.Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
            return new Operand(Kind.Bool, new TextMembership(text, AsText(value), set, negate), value.Start, end);
        }

        if (items.All(t => t.Kind == TokenKind.Number) && value.Kind is Kind.Number or Kind.Attribute)
        {
            var set = items.Select(t => t.Number).ToHashSet();
            return new Operand(Kind.Bool, new NumberMembership(text, AsNumber(value), set, negate), value.Start, end);
        }

        throw new RuleSyntaxException($"the list's items do not match {Describe(value.Kind)}", value.Start);
    }

    private Operand Sum()
    {
        var left = Product();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Current;
            _position++;
            var right = Product();
            var kind = ArithmeticKind(left, right, op);
            var node = new ArithmeticNode(op.Text[0], AsNumber(left), AsNumber(right));
            left = new Operand(kind, node, left.Start, right.End);
        }

        return left;
    }

    private Operand Product()
    {
        var left = Unary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Current;
            _position++;
            var right = Unary();
            var kind = ArithmeticKind(left, right, op);
            var node = new ArithmeticNode(op.Text[0], AsNumber(left), AsNumber(right));
            left = new Operand(kind, node, left.Start, right.End);
        }

        return left;
    }

    private Operand Unary()
    {
        if (Current.Kind == TokenKind.Minus)
        {
            var start = Current.Offset;
            _position++;
            var inner = Unary();
            if (inner.Kind is not (Kind.Number or Kind.Duration))
            {
                throw new RuleSyntaxException($"cannot negate {Describe(inner.Kind)}", start);
            }

            return new Operand(inner.Kind, new NegateNode(AsNumber(inner)), start, inner.End);
        }

        return Primary();
    }

    private Operand Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _position++;
                return new Operand(Kind.Number, new ConstantNumber(token.Number), token.Offset, End(token));
            case TokenKind.Duration:
                _position++;
                return new Operand(Kind.Duration, new ConstantNumber(token.Duration.TotalMilliseconds), token.Offset,
                    End(token));
            case TokenKind.String:
                _position++;
                var quotedEnd = token.Offset + token.Text.Length + 2;
                return new Operand(Kind.Text, new ConstantText(token.Text), token.Offset, quotedEnd);
            case TokenKind.LeftParen:
                _position++;
                var inner = Or();
                var close = Expect(TokenKind.RightParen, "')'");
                return inner with { Start = token.Offset, End = End(close) };
            case TokenKind.LeftBracket:
                return List();
            case TokenKind.Identifier:
                return Name();
            default:
                throw new RuleSyntaxException(token.Kind == TokenKind.End
                    ? "the condition ends too early; expected a value"
                    : $"unexpected '{token.Text}'; expected a value", token.Offset);
        }
    }

    private Operand List()
    {
        var open = Current;
        _position++;
        var items = new List<Token>();
        while (Current.Kind != TokenKind.RightBracket)
        {
            if (Current.Kind is not (TokenKind.String or TokenKind.Number))
            {
                throw new RuleSyntaxException("a list holds only \"text\" or numbers", Current.Offset);
            }

            items.Add(Current);
            _position++;
            if (Current.Kind == TokenKind.Comma)
            {
                _position++;
            }
            else if (Current.Kind != TokenKind.RightBracket)
            {
                throw new RuleSyntaxException("expected ',' or ']' in a list", Current.Offset);
            }
        }

        var close = Current;
        _position++;
        if (items.Count == 0)
        {
            throw new RuleSyntaxException("a list needs at least one item", open.Offset);
        }

        return new Operand(Kind.List, items, open.Offset, End(close));
    }

    private Operand Name()
    {
        var token = Current;
        _position++;
        switch (token.Text)
        {
            case "true":
                return new Operand(Kind.Bool, AlwaysCondition.Instance, token.Offset, End(token));
            case "false":
                return new Operand(Kind.Bool, NeverCondition.Instance, token.Offset, End(token));
            case "segment":
                return new Operand(Kind.Text, new SegmentText(), token.Offset, End(token));
            case "attr":
                var attribute = AttributeName();
                return new Operand(Kind.Attribute, attribute.Text, token.Offset, End(attribute));
            case "count":
                return Count(token);
            case "since":
                return Since(token);
            case "has":
                return Has(token);
        }

        if (Keywords.Contains(token.Text))
        {
            throw new RuleSyntaxException($"unexpected '{token.Text}'; expected a value", token.Offset);
        }

        if (Signals.TryGetValue(token.Text, out var signal))
        {
            Expect(TokenKind.Dot, $"'.' and a window after '{token.Text}' (e.g. {token.Text}.7d)");
            var window = Window();
            return new Operand(Kind.Number, new CountNode(signal, window.Duration), token.Offset, End(window));
        }

        throw new RuleSyntaxException(
            $"unknown name '{token.Text}'; expected a signal ({string.Join(", ", Signals.Keys)}), " +
            "attr.NAME, segment, " +
            "or a function (count, since, has)", token.Offset);
    }

    private Operand Count(Token name)
    {
        Expect(TokenKind.LeftParen, "'(' after count");
        var signalToken = Expect(TokenKind.Identifier, "a signal name");
        if (!Signals.TryGetValue(signalToken.Text, out var signal))
        {
            throw new RuleSyntaxException(
                $"unknown signal '{signalToken.Text}'; expected one of {string.Join(", ", Signals.Keys)}",
                signalToken.Offset);
        }

        Expect(TokenKind.Comma, "',' and a window");
        var window = Window();
        var close = Expect(TokenKind.RightParen, "')'");
        return new Operand(Kind.Number, new CountNode(signal, window.Duration), name.Offset, End(close));
    }

    private Operand Since(Token name)
    {
        Expect(TokenKind.LeftParen, "'(' after since");
        var anchorToken = Expect(TokenKind.Identifier, "what to measure from, e.g. last_click");
        if (!Anchors.TryGetValue(anchorToken.Text, out var anchor))
        {
            throw new RuleSyntaxException(
                $"unknown anchor '{anchorToken.Text}'; expected one of {string.Join(", ", Anchors.Keys)}",
                anchorToken.Offset);
        }

        var close = Expect(TokenKind.RightParen, "')'");
        return new Operand(Kind.Duration, new SinceNode(anchor), name.Offset, End(close));
    }

    private Operand Has(Token name)
    {
        Expect(TokenKind.LeftParen, "'(' after has");
        var attr = Expect(TokenKind.Identifier, "attr.NAME");
        if (attr.Text != "attr")
        {
            throw new RuleSyntaxException("has() takes an attribute, e.g. has(attr.timezone)", attr.Offset);
        }

        var attribute = AttributeName();
        var close = Expect(TokenKind.RightParen, "')'");
        var text = _text[name.Offset..End(close)];
        return new Operand(Kind.Bool, new HasAttribute(text, attribute.Text), name.Offset, End(close));
    }

    private Token AttributeName()
    {
        Expect(TokenKind.Dot, "'.' and an attribute name after attr");
        var attribute = Expect(TokenKind.Identifier, "an attribute name");
        if (!_context.Attributes.Contains(attribute.Text))
        {
            var known = _context.Attributes.Count == 0
                ? "none are declared"
                : string.Join(", ", _context.Attributes.Order());
            throw new RuleSyntaxException(
                $"unknown attribute '{attribute.Text}'; declare it under 'attributes' ({known})", attribute.Offset);
        }

        return attribute;
    }

    private Token Window()
    {
        var window = Expect(TokenKind.Duration, "a window such as 1d, 7d, 30d or 6h");
        if (window.Duration < TimeSpan.FromHours(1) || window.Duration > SignalWindow.Retention)
        {
            throw new RuleSyntaxException(
                $"window {window.Text} is outside what the store keeps; expected between 1h and " +
                $"{SignalWindow.Retention.TotalDays:0}d", window.Offset);
        }

        return window;
    }

    private Kind ArithmeticKind(Operand left, Operand right, Token op)
    {
        var l = left.Kind == Kind.Attribute ? Kind.Number : left.Kind;
        var r = right.Kind == Kind.Attribute ? Kind.Number : right.Kind;
        return (op.Kind, l, r) switch
        {
            (TokenKind.Plus or TokenKind.Minus, Kind.Number, Kind.Number) => Kind.Number,
            (TokenKind.Plus or TokenKind.Minus, Kind.Duration, Kind.Duration) => Kind.Duration,
            (TokenKind.Star, Kind.Number, Kind.Number) => Kind.Number,
            (TokenKind.Star, Kind.Duration, Kind.Number) => Kind.Duration,
            (TokenKind.Star, Kind.Number, Kind.Duration) => Kind.Duration,
            (TokenKind.Slash, Kind.Number, Kind.Number) => Kind.Number,
            (TokenKind.Slash, Kind.Duration, Kind.Number) => Kind.Duration,
            (TokenKind.Slash, Kind.Duration, Kind.Duration) => Kind.Number,
            _ => throw new RuleSyntaxException(
                $"cannot apply '{op.Text}' to {Describe(left.Kind)} and {Describe(right.Kind)}", op.Offset),
        };
    }

    private ICondition AsBool(Operand operand, string op) => operand.Kind == Kind.Bool
        ? (ICondition)operand.Node
        : throw new RuleSyntaxException($"'{op}' needs true/false on both sides, but this is {Describe(operand.Kind)}",
            operand.Start);

    private static NumberNode AsNumber(Operand operand) => operand.Kind switch
    {
        Kind.Number or Kind.Duration => (NumberNode)operand.Node,
        Kind.Attribute => new AttributeNumber((string)operand.Node),
        _ => throw new RuleSyntaxException($"expected a number, but this is {Describe(operand.Kind)}", operand.Start),
    };

    private static TextNode AsText(Operand operand) => operand.Kind == Kind.Attribute
        ? new AttributeText((string)operand.Node)
        : (TextNode)operand.Node;

    /// <summary>Comparing <c>segment</c> with a name that is not a segment is a typo: refuse it.</summary>
    private void CheckSegmentNames(Operand value, IEnumerable<(string Name, int Offset)> names)
    {
        if (value.Node is not SegmentText)
        {
            return;
        }

        foreach (var (name, offset) in names)
        {
            if (!_context.Segments.Contains(name))
            {
                throw new RuleSyntaxException($"unknown segment \"{name}\"", offset);
            }
        }
    }

    private static bool IsTextual(Kind kind) => kind is Kind.Text or Kind.Attribute;

    private static string Describe(Kind kind) => kind switch
    {
        Kind.Bool => "true/false",
        Kind.Number => "a number",
        Kind.Duration => "a duration",
        Kind.Text => "text",
        Kind.Attribute => "an attribute",
        _ => "a list",
    };

    private Token Current => _tokens[_position];

    private Token? Peek(int ahead) => _position + ahead < _tokens.Count ? _tokens[_position + ahead] : null;

    private bool IsKeyword(string keyword) => Current.Kind == TokenKind.Identifier && Current.Text == keyword;

    private Token Expect(TokenKind kind, string expected)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            var found = token.Kind == TokenKind.End ? "the end of the condition" : $"'{token.Text}'";
            throw new RuleSyntaxException($"expected {expected}, found {found}", token.Offset);
        }

        _position++;
        return token;
    }

    private static int End(Token token) => token.Offset + token.Text.Length;

    private readonly record struct Operand(Kind Kind, object Node, int Start, int End);
}
