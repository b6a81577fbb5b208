using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using StreamRefiner.Inputs.Formats;
using StreamRefiner.Inputs.Tests;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>
/// Random and mutated input records for the fuzz test: real provider fixtures, truncated, with flipped bytes,
/// random bytes, huge values, values of the wrong type, invalid numbers, far-future times, spliced tokens and
/// format headers; plus some left valid. Deterministic for a seed.
/// </summary>
internal sealed class FuzzRecords(int seed, DateTimeOffset now, IReadOnlyList<string> topics)
{
    private const string NumberPlaceholder = "__fuzz_number__";

    private static readonly string[] Splices =
    [
        "\"", "{", "}", "[", "]", ",", ":", "null", "-1", "\"\\ud800\"", "&", "=", "%", "%ZZ", "%F0%9F", "+",
        "\u0000", "😀", "{\"a\":", "[[[[", "\"to\":[]", "\"payload\":7", "MessageSid=", "msisdn=", "\r\n",
    ];

    private static readonly string[] InvalidNumbers =
    [
        "1e999", "-1e999", "99999999999999999999999999", "-0", "0.0000000000000000000001", "NaN", "Infinity",
        "0x1F", "01", "1.", "+1", "\"+1\"", "\"+999999999999999999999\"", "\"000\"", "\"12\"", "\"whatsapp:\"",
        "\"+1 (202) 555-01\"", "\"+4470\"", "-2147483649", "9223372036854775808",
    ];

    private static readonly string[] Headers =
    [
        InputFormats.Twilio, InputFormats.Telnyx, InputFormats.Sinch, InputFormats.Bandwidth, InputFormats.Canonical,
        "TWILIO ", "carrier-pigeon", string.Empty, "\u00ff\u0000",
    ];

    private readonly Random _random = new(seed);

    /// <summary>One generated record and the kind of mutation it got.</summary>
    public readonly record struct Record(string Kind, string Topic, byte[] Value, DateTimeOffset Timestamp,
        string? Format);

    public List<Record> Generate(int count)
    {
        var records = new List<Record>(count);
        for (var i = 0; i < count; i++)
        {
            var seedText = Fixtures.All[_random.Next(Fixtures.All.Count)];
            var roll = _random.Next(100);
            var (kind, value) = roll switch
            {
                < 14 => ("valid", Encoding.UTF8.GetBytes(seedText)),
                < 26 => ("truncated", Truncate(Encoding.UTF8.GetBytes(seedText))),
                < 38 => ("byte_flip", FlipBytes(Encoding.UTF8.GetBytes(seedText))),
                < 45 => ("random_bytes", RandomBytes()),
                < 52 => ("huge_value", Encoding.UTF8.GetBytes(ReplaceValue(seedText, HugeValue))),
                < 66 => ("wrong_type", Encoding.UTF8.GetBytes(ReplaceValue(seedText, WrongType))),
                < 77 => ("invalid_number", Encoding.UTF8.GetBytes(InvalidNumber(seedText))),
                < 88 => ("far_future", Encoding.UTF8.GetBytes(FarFuture(seedText))),
                < 96 => ("splice", Encoding.UTF8.GetBytes(Splice(seedText))),
                _ => ("format_header", Encoding.UTF8.GetBytes(seedText)),
            };

            var format = kind == "format_header" || _random.Next(50) == 0
                ? Headers[_random.Next(Headers.Length)]
                : null;

            // Mostly the recent past; now and then a Kafka timestamp in the far future.
            var timestamp = _random.Next(40) == 0
                ? now.AddYears(1 + _random.Next(50))
                : now.AddMinutes(-_random.Next(60 * 24 * 30));
            records.Add(new Record(kind, topics[_random.Next(topics.Count)], value,
                DateTimeOffset.FromUnixTimeMilliseconds(timestamp.ToUnixTimeMilliseconds()), format));
        }

        return records;
    }

    private byte[] Truncate(byte[] bytes) => bytes[.._random.Next(bytes.Length)];

    private byte[] FlipBytes(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var flips = 1 + _random.Next(4); flips > 0; flips--)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 + _random.Next(255));
        }

        return copy;
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(300)];
        _random.NextBytes(bytes);
        var prefix = _random.Next(3) switch
        {
            0 => "{",
            1 => "MessageSid=",
            _ => string.Empty,
        };
        return [.. Encoding.UTF8.GetBytes(prefix), .. bytes];
    }

    private string Splice(string text)
    {
        var at = _random.Next(text.Length + 1);
        return text[..at] + Splices[_random.Next(Splices.Length)] + text[at..];
    }

    /// <summary>A value of 1,000 to 6,000 characters: over the test's 4,096-byte limit about half the time.</summary>
    private JsonNode? HugeValue(JsonNode? _) => JsonValue.Create(new string('A', 1000 + _random.Next(5000)));

    private JsonNode? WrongType(JsonNode? old) => _random.Next(7) switch
    {
        0 => JsonValue.Create(42),
        1 => JsonValue.Create(true),
        2 => null,
        3 => new JsonObject(),
        4 => new JsonArray(JsonValue.Create("x")),
        5 => JsonValue.Create(-1.5),
        _ => old is JsonValue ? JsonValue.Create(string.Empty) : JsonValue.Create("text"),
    };

    private string InvalidNumber(string text)
    {
        var token = InvalidNumbers[_random.Next(InvalidNumbers.Length)];
        var marked = ReplaceValue(text, _ => JsonValue.Create(NumberPlaceholder));
        return marked.Replace($"\"{NumberPlaceholder}\"", token, StringComparison.Ordinal)
            .Replace(NumberPlaceholder, Uri.EscapeDataString(token.Trim('"')), StringComparison.Ordinal);
    }

    /// <summary>Moves the payload's times into the future: years ahead, or minutes around the skew limit.</summary>
    private string FarFuture(string text)
    {
        if (_random.Next(2) == 0)
        {
            var year = (2027 + _random.Next(7972)).ToString(CultureInfo.InvariantCulture);
            return text.Replace("2026-", year + "-", StringComparison.Ordinal)
                .Replace("=26", "=" + year[2..], StringComparison.Ordinal)
                .Replace("\"26", "\"" + year[2..], StringComparison.Ordinal);
        }

        var soon = now.AddSeconds(_random.Next(-600, 1200)).UtcDateTime;
        return text
            .Replace("2026-03-02T15:", soon.ToString("yyyy-MM-dd'T'HH:", CultureInfo.InvariantCulture),
                StringComparison.Ordinal)
            .Replace("2026-03-02 15:", soon.ToString("yyyy-MM-dd HH:", CultureInfo.InvariantCulture),
                StringComparison.Ordinal)
            .Replace("26030215", soon.ToString("yyMMddHH", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>Replaces one random value: a JSON leaf or member, or a form field's value.</summary>
    private string ReplaceValue(string text, Func<JsonNode?, JsonNode?> replace)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('{') && !trimmed.StartsWith('['))
        {
            var fields = text.Split('&');
            var index = _random.Next(fields.Length);
            var name = fields[index].Split('=')[0];
            var value = replace(null);
            fields[index] = name + "=" + Uri.EscapeDataString(value is JsonValue v && v.TryGetValue<string>(out var s)
                ? s
                : value?.ToJsonString() ?? string.Empty);
            return string.Join('&', fields);
        }

        var root = JsonNode.Parse(text)!;
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        var (parent, key) = slots[_random.Next(slots.Count)];
        if (parent is JsonObject obj && key is string member)
        {
            obj[member] = replace(obj[member]?.DeepClone());
        }
        else if (parent is JsonArray array && key is int item)
        {
            array[item] = replace(array[item]?.DeepClone());
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    slots.Add((obj, name));
                    if (child is not null)
                    {
                        Collect(child, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, i));
                    if (array[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }

                break;
        }
    }
}
