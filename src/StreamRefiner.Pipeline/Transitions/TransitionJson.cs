using System.Buffers;
using System.Text.Json;
using StreamRefiner.Domain.Decisions;
using StreamRefiner.Inputs.Canonical;

namespace StreamRefiner.Pipeline.Transitions;

/// <summary>
/// The transition event schema, version 1 (documented in the README): one JSON object per record on the
/// transitions topic, keyed by contact. Serialisation is deterministic, so a re-emitted transition is
/// byte-identical to the first.
/// </summary>
public static class TransitionJson
{
    public const int SchemaVersion = 1;

    public static string Serialize(Transition t)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schema_version", SchemaVersion);
            writer.WriteString("id", t.Id);
            writer.WriteString("contact", t.Contact);
            writer.WriteNumber("sequence", t.Sequence);
            if (t.From is null)
            {
                writer.WriteNull("from");
            }
            else
            {
                writer.WriteString("from", t.From);
            }

            writer.WriteString("to", t.To);
            writer.WriteString("decided_at", CanonicalEventJson.FormatTime(t.DecidedAt));
            if (t.TriggerEventTime is { } trigger)
            {
                writer.WriteString("trigger_event_time", CanonicalEventJson.FormatTime(trigger));
                writer.WriteString("trigger_event_id", t.TriggerEventId);
            }
            else
            {
                writer.WriteNull("trigger_event_time");
                writer.WriteNull("trigger_event_id");
            }

            writer.WriteStartObject("reason");
            writer.WriteString("kind", t.Reason.Kind);
            writer.WriteString("rule", t.Reason.Rule);
            writer.WriteString("detail", t.Reason.Detail);
            writer.WriteStartObject("values");
            foreach (var (name, value) in t.Reason.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString("rules_version", t.RulesVersion);
            WriteHints(writer, t.Hints);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteHints(Utf8JsonWriter writer, Domain.Segments.SegmentHints? hints)
    {
        if (hints is null)
        {
            writer.WriteNull("hints");
            return;
        }

        writer.WriteStartObject("hints");
        if (hints.MaxPerWeek is { } max)
        {
            writer.WriteNumber("max_per_week", max);
        }

        if (hints.MinGap is { } gap)
        {
            writer.WriteNumber("min_gap_seconds", (long)gap.TotalSeconds);
        }

        if (hints.Pacing is { } pacing)
        {
            writer.WriteString("pacing", pacing);
        }

        if (hints.Variant is { } variant)
        {
            writer.WriteString("variant", variant);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads a whole transition back from its record (for outbox entries written before a crash).</summary>
    public static Transition Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var reason = root.GetProperty("reason");
        var values = reason.GetProperty("values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        var trigger = root.GetProperty("trigger_event_time").GetString();
        return new Transition
        {
            Id = root.GetProperty("id").GetString()!,
            Contact = root.GetProperty("contact").GetString()!,
            Sequence = root.GetProperty("sequence").GetInt64(),
            From = root.GetProperty("from").GetString(),
            To = root.GetProperty("to").GetString()!,
            DecidedAt = CanonicalEventJson.ParseTime(root.GetProperty("decided_at").GetString()!),
            TriggerEventTime = trigger is null ? null : CanonicalEventJson.ParseTime(trigger),
            TriggerEventId = root.GetProperty("trigger_event_id").GetString(),
            Reason = new TransitionReason(reason.GetProperty("kind").GetString()!,
                reason.GetProperty("rule").GetString()!, reason.GetProperty("detail").GetString()!, values),
            RulesVersion = root.GetProperty("rules_version").GetString()!,
            Hints = ReadHints(root),
        };
    }

    private static Domain.Segments.SegmentHints? ReadHints(JsonElement root)
    {
        if (!root.TryGetProperty("hints", out var hints) || hints.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new Domain.Segments.SegmentHints(
            hints.TryGetProperty("max_per_week", out var max) ? max.GetInt32() : null,
            hints.TryGetProperty("min_gap_seconds", out var gap) ? TimeSpan.FromSeconds(gap.GetInt64()) : null,
            hints.TryGetProperty("pacing", out var pacing) ? pacing.GetString() : null,
            hints.TryGetProperty("variant", out var variant) ? variant.GetString() : null);
    }

    /// <summary>The fields a consumer most often needs, read back from a transition record.</summary>
    public static TransitionSummary ReadSummary(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var reason = root.GetProperty("reason");
        return new TransitionSummary(
            root.GetProperty("id").GetString()!,
            root.GetProperty("contact").GetString()!,
            root.GetProperty("sequence").GetInt64(),
            root.GetProperty("from").GetString(),
            root.GetProperty("to").GetString()!,
            CanonicalEventJson.ParseTime(root.GetProperty("decided_at").GetString()!),
            reason.GetProperty("kind").GetString()!,
            reason.GetProperty("rule").GetString()!,
            reason.GetProperty("detail").GetString()!);
    }
}
