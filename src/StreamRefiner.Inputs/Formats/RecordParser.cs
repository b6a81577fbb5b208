using System.Text;
using System.Text.Json;
using StreamRefiner.Inputs.Contacts;

namespace StreamRefiner.Inputs.Formats;

/// <summary>
/// Reads one input record in any supported format into canonical events, detecting the format from content.
/// Never throws for bad input: a bad record becomes a rejection with its reason.
/// </summary>
public sealed class RecordParser
{
    private static readonly string[] TwilioKeys = ["MessageSid", "SmsSid", "AccountSid"];

    private readonly RecordParserOptions _options;
    private readonly TwilioReader _twilio;
    private readonly CanonicalReader _canonical;

    public RecordParser(RecordParserOptions options, TimeProvider clock)
    {
        _options = options;
        var builder = new EventBuilder(new PhoneNormalizer(options.DefaultRegion), clock,
            TimeSpan.FromSeconds(options.MaxFutureSkewSeconds));
        _twilio = new TwilioReader(builder);
        _canonical = new CanonicalReader(builder);
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
            var span = record.Value.Span;
            var text = Encoding.UTF8.GetString(span).TrimStart();
            if (text.StartsWith('{') || text.StartsWith('['))
            {
                using var document = JsonDocument.Parse(record.Value);
                return ReadJson(document.RootElement, record, ref format);
            }

            if (FormBody.LooksLikeForm(text))
            {
                var fields = FormBody.Parse(text);
                if (TwilioKeys.Any(fields.ContainsKey))
                {
                    format = "twilio_form";
                    return ParseOutcome.Of(format, _twilio.ReadWebhook(fields, record));
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
        catch (InvalidOperationException)
        {
            return ParseOutcome.Reject(format, RejectReason.MissingField, "a field has the wrong JSON type");
        }
        catch (FormatException)
        {
            return ParseOutcome.Reject(format, RejectReason.MissingField, "a field has the wrong JSON type");
        }
    }

    private ParseOutcome ReadJson(JsonElement root, RawRecord record, ref string format)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseOutcome.Reject(format, RejectReason.UnknownFormat, "JSON arrays are not a supported format yet");
        }

        if (root.TryGetProperty("specversion", out _)
            && root.TryGetProperty("type", out var ceType) && ceType.ValueKind == JsonValueKind.String
            && ceType.GetString()!.StartsWith("com.twilio.", StringComparison.Ordinal))
        {
            format = "twilio_cloudevent";
            return ParseOutcome.Of(format, _twilio.ReadCloudEvent(root, record));
        }

        if (TwilioKeys.Any(k => root.TryGetProperty(k, out _)))
        {
            format = "twilio_json";
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : property.Value.ToString();
            }

            return ParseOutcome.Of(format, _twilio.ReadWebhook(fields, record));
        }

        if (root.TryGetProperty("type", out _) && root.TryGetProperty("contact", out _))
        {
            format = "canonical";
            return ParseOutcome.Of(format, _canonical.Read(root, record));
        }

        return ParseOutcome.Reject(format, RejectReason.UnknownFormat, "JSON object of no supported format");
    }
}
