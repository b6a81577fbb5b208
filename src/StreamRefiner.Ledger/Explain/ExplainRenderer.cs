using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StreamRefiner.Ledger.Explain;

/// <summary>
/// Renders a <see cref="ContactExplanation"/> for people (text) or programs (JSON). The output names the contact
/// asked about in full — that is its purpose — and goes to standard output only, never to a log.
/// </summary>
public static class ExplainRenderer
{
    public static string Text(ContactExplanation x)
    {
        var text = new StringBuilder();
        text.Append("contact       ").AppendLine(x.Contact);
        var state = x.State;
        if (state is null)
        {
            text.AppendLine("state         none in Redis (never seen, or expired)");
        }
        else
        {
            text.Append("segment       ").Append(state.Segment ?? "(none)");
            if (state.SegmentSince is { } since)
            {
                text.Append(" since ").Append(Time(since));
            }

            text.AppendLine();
            if (x.CurrentReason is { } reason)
            {
                text.Append("because       ").Append(reason.ReasonKind).Append(' ').Append(reason.ReasonRule)
                    .Append(": ").Append(reason.ReasonDetail).Append(" (transition ").Append(reason.Sequence)
                    .AppendLine(")");
            }

            text.Append("pending       ");
            text.AppendLine(state.Pending is null ? "none" : $"{state.Pending} since {Time(state.PendingSince)}");
            text.Append("consent       ").Append(state.OptedOut ? "opted out" : "not opted out");
            if (state.ConsentChangedAt is { } changed)
            {
                text.Append(" (last change ").Append(Time(changed)).Append(')');
            }

            text.AppendLine();
            text.Append("decided up to ").AppendLine(Time(state.EvaluatedAt));
            text.Append("next due      ").AppendLine(state.Due is null ? "none" : Time(state.Due));
            text.Append("windows at    ").Append(Time(x.Now)).Append(": ")
                .AppendJoin(", ", x.WindowsNow.Where(w => w.Value != 0).Select(w => $"{w.Name}={w.Value}"))
                .AppendLine(x.WindowsNow.Any(w => w.Value != 0) ? string.Empty : "all zero");
        }

        text.AppendLine().Append("transitions (").Append(x.History.Transitions.Count).AppendLine(")");
        foreach (var t in x.History.Transitions)
        {
            text.Append("  #").Append(t.Sequence).Append("  ").Append(Time(t.DecidedAtMs)).Append("  ")
                .Append(t.FromSegment ?? "(new)").Append(" → ").Append(t.ToSegment).Append("  ")
                .Append(t.ReasonKind).Append(' ').Append(t.ReasonRule).Append(": ").Append(t.ReasonDetail);
            if (t.WindowValues is { } values)
            {
                text.Append("  values ").Append(values);
            }

            if (t.SourceTopic is not null)
            {
                text.Append("  source ").Append(t.SourceTopic).Append('/').Append(t.SourcePartition)
                    .Append('/').Append(t.SourceOffset);
            }

            text.Append("  id ").AppendLine(t.Id);
        }

        text.AppendLine().Append("consent (").Append(x.History.Consent.Count).AppendLine(")");
        foreach (var c in x.History.Consent)
        {
            text.Append("  ").Append(Time(c.OccurredAtMs)).Append("  ").Append(c.Action).Append("  ")
                .Append(c.Keyword ?? "-").Append(" (").Append(c.ClassifierReason ?? "unknown").Append(")  ")
                .Append(c.Provider).Append(" message ").Append(c.ProviderMessageId);
            if (c.ReceivedAtMs is { } received)
            {
                text.Append("  received ").Append(Time(received));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public static string Json(ContactExplanation x)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,

            // Standard output, not HTML: keep '+' in phone numbers readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            w.WriteString("contact", x.Contact);
            w.WriteString("now", Iso(x.Now));
            if (x.State is { } s)
            {
                w.WriteStartObject("state");
                w.WriteString("segment", s.Segment);
                w.WriteString("segment_since", Iso(s.SegmentSince));
                w.WriteString("pending", s.Pending);
                w.WriteString("pending_since", Iso(s.PendingSince));
                w.WriteBoolean("opted_out", s.OptedOut);
                w.WriteString("consent_changed_at", Iso(s.ConsentChangedAt));
                w.WriteString("evaluated_at", Iso(s.EvaluatedAt));
                w.WriteString("due", Iso(s.Due));
                w.WriteNumber("sequence", s.Sequence);
                w.WriteEndObject();
                w.WriteStartObject("windows_now");
                foreach (var (name, value) in x.WindowsNow)
                {
                    w.WriteNumber(name, value);
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("state");
            }

            if (x.CurrentReason is { } reason)
            {
                w.WriteString("current_reason_transition_id", reason.Id);
            }
            else
            {
                w.WriteNull("current_reason_transition_id");
            }

            w.WriteStartArray("transitions");
            foreach (var t in x.History.Transitions)
            {
                WriteTransition(w, t);
            }

            w.WriteEndArray();
            w.WriteStartArray("consent");
            foreach (var c in x.History.Consent)
            {
                WriteConsent(w, c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTransition(Utf8JsonWriter w, LedgerTransitionRow t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteNumber("sequence", t.Sequence);
        w.WriteString("from", t.FromSegment);
        w.WriteString("to", t.ToSegment);
        w.WriteString("decided_at", Iso(t.DecidedAtMs));
        w.WriteString("trigger_event_time", Iso(t.TriggerEventTimeMs));
        w.WriteString("trigger_event_id", t.TriggerEventId);
        w.WriteStartObject("reason");
        w.WriteString("kind", t.ReasonKind);
        w.WriteString("rule", t.ReasonRule);
        w.WriteString("detail", t.ReasonDetail);
        w.WritePropertyName("values");
        if (t.WindowValues is { } values)
        {
            w.WriteRawValue(values);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
        w.WriteString("rules_version", t.RulesVersion);
        WriteSource(w, t.SourceTopic, t.SourcePartition, t.SourceOffset);
        w.WriteEndObject();
    }

    private static void WriteConsent(Utf8JsonWriter w, LedgerConsentRow c)
    {
        w.WriteStartObject();
        w.WriteString("event_key", c.EventKey);
        w.WriteString("action", c.Action);
        w.WriteString("keyword", c.Keyword);
        w.WriteString("classifier_reason", c.ClassifierReason);
        w.WriteString("provider", c.Provider);
        w.WriteString("provider_message_id", c.ProviderMessageId);
        w.WriteString("occurred_at", Iso(c.OccurredAtMs));
        w.WriteString("received_at", Iso(c.ReceivedAtMs));
        WriteSource(w, c.SourceTopic, c.SourcePartition, c.SourceOffset);
        w.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter w, string? topic, int? partition, long? offset)
    {
        if (topic is null)
        {
            w.WriteNull("source");
            return;
        }

        w.WriteStartObject("source");
        w.WriteString("topic", topic);
        w.WriteNumber("partition", partition ?? -1);
        w.WriteNumber("offset", offset ?? -1);
        w.WriteEndObject();
    }

    private static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";

    private static string Time(long? ms) => Time(ms is { } m ? DateTimeOffset.FromUnixTimeMilliseconds(m) : null);

    private static string? Iso(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Iso(long? ms) => Iso(ms is { } m ? DateTimeOffset.FromUnixTimeMilliseconds(m) : null);
}
