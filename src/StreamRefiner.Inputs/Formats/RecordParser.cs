using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using StreamRefiner.Inputs.Contacts;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Reads one input record in any supported format into canonical events. The format is the record's
/// <c>sr-format</c> header when set, else the one pinned for its topic, else detected from the content.
/// Never throws for bad input: a bad record becomes a rejection with its reason.
/// </summary>
public sealed class RecordParser
{
    private static readonly string[] TwilioKeys = ["MessageSid", "SmsSid", "AccountSid"];

    private readonly RecordParserOptions _options;
    private readonly TwilioReader _twilio;
    private readonly CanonicalReader _canonical;
    private readonly TelnyxReader _telnyx;
    private readonly VonageSmsReader _vonageSms;
    private readonly VonageMessagesReader _vonageMessages;
    private readonly PlivoReader _plivo;
    private readonly BandwidthReader _bandwidth;
    private readonly SinchReader _sinch;

    /// <exception cref="ArgumentException">A topic is pinned to a format name that does not exist.</exception>
    public RecordParser(RecordParserOptions options, TimeProvider clock)
    {
        if (options.TopicFormatErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _options = options;
        var builder = new EventBuilder(new PhoneNormalizer(options.DefaultRegion), clock,
            TimeSpan.FromSeconds(options.MaxFutureSkewSeconds));
        _twilio = new TwilioReader(builder);
        _canonical = new CanonicalReader(builder);
        _telnyx = new TelnyxReader(builder);
        _vonageSms = new VonageSmsReader(builder);
        _vonageMessages = new VonageMessagesReader(builder);
        _plivo = new PlivoReader(builder);
        _bandwidth = new BandwidthReader(builder);
        _sinch = new SinchReader(builder);
    }

    public ParseOutcome Parse(RawRecord record)
    {
        if (record.Value.Length > _options.MaxRecordBytes)
        {
            return ParseOutcome.Reject("unknown", RejectReason.Oversize,
                $"record of {record.Value.Length} bytes exceeds {_options.MaxRecordBytes}");
        }

        var format = "unknown";
        try
        {
            var pinned = record.FormatHeader?.Trim().ToLowerInvariant();
            if (pinned is null && record.Topic is { } topic)
            {
                pinned = _options.TopicFormats.GetValueOrDefault(topic);
            }

            if (pinned is not null && !InputFormats.IsKnown(pinned))
            {
                return ParseOutcome.Reject(format, RejectReason.UnknownFormat,
                    "the sr-format header names no supported format");
            }

            if (!Utf8.IsValid(record.Value.Span))
            {
                return ParseOutcome.Reject(format, RejectReason.MalformedJson, "record is not valid UTF-8");
            }

            var text = Encoding.UTF8.GetString(record.Value.Span).TrimStart();
            if (text.StartsWith('{') || text.StartsWith('['))
            {
                using var document = JsonDocument.Parse(record.Value);
                var root = document.RootElement;
                format = pinned ?? DetectJson(root);
                return format == "unknown"
                    ? ParseOutcome.Reject(format, RejectReason.UnknownFormat, "JSON of no supported format")
                    : ReadJson(format, root, record, out format);
            }

            if (FormBody.LooksLikeForm(text))
            {
                var fields = FormBody.Parse(text);
                format = pinned ?? DetectForm(fields);
                if (format != "unknown")
                {
                    return ReadFields(format, fields, record, "_form", out format);
                }
            }

            return ParseOutcome.Reject(format, RejectReason.UnknownFormat, "no supported format matched");
        }
        catch (JsonException)
        {
            return ParseOutcome.Reject(format, RejectReason.MalformedJson, "value is not valid JSON");
        }
        catch (ParseException e)
        {
            return ParseOutcome.Reject(format, e.Reason, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException
                                      or OverflowException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return ParseOutcome.Reject(format, RejectReason.MissingField, "a field has the wrong type or shape");
        }
    }

    private static string DetectJson(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            var first = root.EnumerateArray().FirstOrDefault();
            return first.ValueKind == JsonValueKind.Object && IsBandwidthEvent(first)
                ? InputFormats.Bandwidth
                : "unknown";
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return "unknown";
        }

        var type = JsonFields.Text(root, "type");
        if (root.TryGetProperty("specversion", out _) && type is not null
            && type.StartsWith("com.twilio.", StringComparison.Ordinal))
        {
            return InputFormats.Twilio;
        }

        if (JsonFields.Object(root, "data") is { } data && JsonFields.Text(data, "event_type") is not null
            && JsonFields.Object(data, "payload") is not null)
        {
            return InputFormats.Telnyx;
        }

        if (TwilioKeys.Any(k => root.TryGetProperty(k, out _)) || IsTwilioClickWebhook(root))
        {
            return InputFormats.Twilio;
        }

        return root switch
        {
            _ when root.TryGetProperty("MessageUUID", out _) => InputFormats.Plivo,
            _ when root.TryGetProperty("msisdn", out _) => InputFormats.VonageSms,
            _ when root.TryGetProperty("message_uuid", out _) => InputFormats.VonageMessages,
            _ when type is not null && SinchReader.Types.Contains(type) => InputFormats.Sinch,
            _ when IsBandwidthEvent(root) => InputFormats.Bandwidth,
            _ when type is not null && root.TryGetProperty("contact", out _) => InputFormats.Canonical,
            _ => "unknown",
        };
    }

    private static bool IsTwilioClickWebhook(JsonElement root) =>
        JsonFields.Text(root, "event_type") is "click" or "preview"
        && (root.TryGetProperty("sms_sid", out _) || root.TryGetProperty("message_sid", out _));

    private static bool IsBandwidthEvent(JsonElement item) =>
        JsonFields.Text(item, "type") is { } type && type.StartsWith("message-", StringComparison.Ordinal)
        && JsonFields.Object(item, "message") is not null;

    private static string DetectForm(Dictionary<string, string> fields)
    {
        if (TwilioKeys.Any(fields.ContainsKey))
        {
            return InputFormats.Twilio;
        }

        if (fields.ContainsKey("MessageUUID"))
        {
            return InputFormats.Plivo;
        }

        return fields.ContainsKey("msisdn") ? InputFormats.VonageSms : "unknown";
    }

    private ParseOutcome ReadJson(string format, JsonElement root, RawRecord record, out string reported)
    {
        reported = format;
        switch (format)
        {
            case InputFormats.Bandwidth:
                return ParseOutcome.Of(format, _bandwidth.Read(root, record));
            case InputFormats.Twilio or InputFormats.Canonical or InputFormats.Telnyx or InputFormats.VonageMessages
                or InputFormats.Sinch when root.ValueKind != JsonValueKind.Object:
                throw new ParseException(RejectReason.UnknownFormat, $"a {format} record must be a JSON object");
            case InputFormats.Twilio when root.TryGetProperty("specversion", out _):
                reported = "twilio_cloudevent";
                return ParseOutcome.Of(reported, _twilio.ReadCloudEvent(root, record));
            case InputFormats.Twilio when IsTwilioClickWebhook(root):
                reported = "twilio_click";
                return ParseOutcome.Of(reported, _twilio.ReadClickWebhook(root, record));
            case InputFormats.Canonical:
                return ParseOutcome.Of(format, _canonical.Read(root, record));
            case InputFormats.Telnyx:
                return ParseOutcome.Of(format, _telnyx.Read(root, record));
            case InputFormats.VonageMessages:
                return ParseOutcome.Of(format, _vonageMessages.Read(root, record));
            case InputFormats.Sinch:
                return ParseOutcome.Of(format, _sinch.Read(root, record));
            default:
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new ParseException(RejectReason.UnknownFormat, $"a {format} record must be a JSON object");
                }

                return ReadFields(format, JsonFields.Flatten(root), record, "_json", out reported);
        }
    }

    private ParseOutcome ReadFields(string format, Dictionary<string, string> fields, RawRecord record,
        string encoding, out string reported)
    {
        reported = format;
        switch (format)
        {
            case InputFormats.Twilio:
                reported = "twilio" + encoding;
                return ParseOutcome.Of(reported, _twilio.ReadWebhook(fields, record));
            case InputFormats.Plivo:
                return ParseOutcome.Of(format, _plivo.Read(fields, record));
            case InputFormats.VonageSms:
                return ParseOutcome.Of(format, _vonageSms.Read(fields, record));
            default:
                throw new ParseException(RejectReason.UnknownFormat, $"a {format} record cannot be a form body");
        }
    }
}
