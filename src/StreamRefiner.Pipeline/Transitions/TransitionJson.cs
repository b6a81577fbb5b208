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
        using (var writer = new Utf8JsonWriter(buffer))
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
