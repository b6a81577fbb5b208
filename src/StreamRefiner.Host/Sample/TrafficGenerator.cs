using System.Globalization;
using System.Text;

namespace StreamRefiner.Host.Sample;

/// <summary>
/// Realistic made-up SMS traffic in provider formats: Twilio inbound-message form bodies (and the same keys as
/// JSON), Twilio status callbacks, Twilio link-click CloudEvents, canonical JSON consent and click records, and a
/// share of replies and receipts from Telnyx, Vonage, Plivo, Bandwidth and Sinch; provider redeliveries, and a
/// few bad records. Numbers are from the fictional NANP 555-01xx range.
/// Deterministic for a given seed.
/// </summary>
public sealed class TrafficGenerator
{
    private const string Account = "AC0f0e0d0c0b0a09080706050403020100";
    private const string Service = "MG00112233445566778899aabbccddeeff";
    private const string BusinessNumber = "+13125550100";

    private static readonly string[] AreaCodes =
    [
        "202", "212", "213", "305", "312", "404", "415", "503", "512", "602",
        "617", "646", "702", "713", "720", "757", "804", "818", "917", "971",
    ];

    private static readonly string[] Replies =
    [
        "Thanks!", "What time do you close today?", "Can you stop by tomorrow?", "Love it 😍", "ok",
        "Is this still on sale?", "👍", "Do you ship to Canada?", "What's the code again?", "yes",
    ];

    private static readonly string[] BrowserAgents =
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15",
        "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36",
    ];

    private readonly Random _random;
    private readonly List<(string Number, Persona Persona)> _contacts = [];
    private long _sequence;

    public TrafficGenerator(int contacts, int seed)
    {
        _random = new Random(seed);
        for (var i = 0; i < contacts; i++)
        {
            var number = $"+1{AreaCodes[i / 100 % AreaCodes.Length]}55501{i % 100:00}";
            if (i >= AreaCodes.Length * 100)
            {
                // Beyond 2,000 contacts, vary the exchange too (still inside NANP's 555 fiction).
                number = $"+1{AreaCodes[i / 100 % AreaCodes.Length]}555{i / 2000 % 10}1{i % 100:00}";
            }

            _contacts.Add((number, PickPersona()));
        }
    }

    public IReadOnlyList<(string Number, Persona Persona)> Contacts => _contacts;

    /// <summary>
    /// Every record of <paramref name="days"/> days of history ending at <paramref name="end"/>, in time order.
    /// </summary>
    public List<SampleRecord> History(DateTimeOffset end, int days)
    {
        var start = end.AddDays(-days);
        var records = new List<SampleRecord>();
        foreach (var (number, persona) in _contacts)
        {
            // Most of the list existed before the window; the rest joined during it.
            var joined = _random.NextDouble() < 0.6 ? start : start + (end - start) * _random.NextDouble() * 0.95;
            records.Add(new SampleRecord(SampleTopic.Consent, ConsentJson(number, "opt_in", joined), joined));
            ContactHistory(records, number, persona, joined, end);
        }

        records.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return records;
    }

    /// <summary>A few records of live traffic at <paramref name="now"/>.</summary>
    public List<SampleRecord> Live(DateTimeOffset now, int count)
    {
        var records = new List<SampleRecord>();
        for (var i = 0; i < count; i++)
        {
            var (number, persona) = _contacts[_random.Next(_contacts.Count)];
            var roll = _random.NextDouble();
            if (roll < 0.02)
            {
                records.Add(Inbound(number, _random.NextDouble() < 0.5 ? "STOP" : "Stop", now, "STOP"));
            }
            else if (roll < 0.03)
            {
                records.Add(Inbound(number, "START", now, "START"));
            }
            else if (roll < 0.45 && persona is not Persona.Silent and not Persona.Landline)
            {
                records.Add(Click(number, now, preview: false));
            }
            else if (roll < 0.55 && persona == Persona.Fan)
            {
                records.Add(Inbound(number, Replies[_random.Next(Replies.Length)], now, optOutType: null));
            }
            else
            {
                var sid = NewSid("SM");
                records.Add(Status(number, sid, persona == Persona.Landline ? "undelivered" : "delivered", now));
            }
        }

        return records;
    }

    private void ContactHistory(List<SampleRecord> records, string number, Persona persona, DateTimeOffset joined,
        DateTimeOffset end)
    {
        var optedOut = false;
        var quitAt = persona == Persona.Quitter
            ? joined + (end - joined) * _random.NextDouble()
            : DateTimeOffset.MaxValue;
        var rejoinAt = persona == Persona.Quitter && _random.NextDouble() < 0.3
            ? quitAt.AddDays(_random.Next(3, 20))
            : DateTimeOffset.MaxValue;

        // A weekly campaign, Tuesdays around 15:00 UTC, plus the odd extra send.
        var first = joined.UtcDateTime.Date.AddDays(1).AddHours(15);
        for (var send = new DateTimeOffset(first, TimeSpan.Zero); send < end; send = send.AddDays(7))
        {
            var sentAt = send.AddMinutes(_random.Next(0, 90));
            if (!optedOut && sentAt > quitAt)
            {
                optedOut = true;
                var stopAt = quitAt;
                records.Add(Inbound(number, _random.NextDouble() < 0.5 ? "STOP" : "stop ", stopAt,
                    _random.NextDouble() < 0.5 ? "STOP" : null));
            }

            if (optedOut && sentAt > rejoinAt)
            {
                optedOut = false;
                records.Add(Inbound(number, "START", rejoinAt, "START"));
                rejoinAt = DateTimeOffset.MaxValue;
            }

            if (optedOut || sentAt >= end)
            {
                continue;
            }

            var sid = NewSid("SM");
            records.Add(Status(number, sid, "sent", sentAt));
            var deliveredAt = sentAt.AddSeconds(_random.Next(3, 90));
            if (deliveredAt >= end)
            {
                continue;
            }

            if (persona == Persona.Landline)
            {
                records.Add(Status(number, sid, "undelivered", deliveredAt, errorCode: "30006"));
                continue;
            }

            records.Add(Status(number, sid, "delivered", deliveredAt));
            if (_random.NextDouble() < 0.01)
            {
                // Providers retry: the same callback twice must count once.
                records.Add(Status(number, sid, "delivered", deliveredAt.AddSeconds(30)));
            }

            if (_random.NextDouble() < 0.05)
            {
                records.Add(Click(number, deliveredAt.AddSeconds(2), preview: true));
            }

            var clickChance = persona switch
            {
                Persona.Fan => 0.55,
                Persona.Casual => 0.12,
                Persona.Lapsed when sentAt < joined.AddDays(25) => 0.6,
                Persona.Quitter => 0.1,
                _ => 0.0,
            };
            var clicks = 0;
            while (clicks < 3 && _random.NextDouble() < clickChance)
            {
                var clickAt = deliveredAt.AddMinutes(5 + _random.Next(0, 600) + clicks * 90);
                if (clickAt < end)
                {
                    records.Add(_random.NextDouble() < 0.1
                        ? CanonicalClick(number, clickAt)
                        : Click(number, clickAt, false));
                }

                clicks++;
            }

            if (persona == Persona.Fan && _random.NextDouble() < 0.15)
            {
                var replyAt = deliveredAt.AddMinutes(_random.Next(1, 240));
                if (replyAt < end)
                {
                    records.Add(Inbound(number, Replies[_random.Next(Replies.Length)], replyAt, optOutType: null));
                }
            }

            if (_random.NextDouble() < 0.002)
            {
                records.Add(BadRecord(sentAt));
            }
        }
    }

    private SampleRecord Status(string number, string sid, string status, DateTimeOffset at, string? errorCode = null)
    {
        // The provider follows from the message id, so a redelivered callback comes in the same format.
        var slot = (int)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes(sid))) % 20);
        if (slot < 7 && errorCode is null)
        {
            return OtherProviderStatus(number, sid, status, at, slot % 5);
        }

        var fields = new List<(string, string)>
        {
            ("AccountSid", Account), ("ApiVersion", "2010-04-01"), ("From", BusinessNumber),
            ("MessageSid", sid), ("MessageStatus", status), ("MessagingServiceSid", Service),
            ("SmsSid", sid), ("SmsStatus", status), ("To", number),
        };
        if (errorCode is not null)
        {
            fields.Add(("ErrorCode", errorCode));
        }

        if (status is "delivered" or "undelivered")
        {
            fields.Add(("RawDlrDoneDate", at.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture)));
        }

        // Some landing pipelines keep the form body, others convert it to a JSON object of the same keys.
        var payload = _random.NextDouble() < 0.2 ? Json(fields) : Form(fields);
        return new SampleRecord(SampleTopic.Deliveries, payload, at);
    }

    private SampleRecord Inbound(string number, string body, DateTimeOffset at, string? optOutType)
    {
        if (_random.NextDouble() < 0.35)
        {
            return OtherProviderInbound(number, body, at, optOutType);
        }

        var sid = NewSid("SM");
        var fields = new List<(string, string)>
        {
            ("ToCountry", "US"), ("ToState", "IL"), ("SmsMessageSid", sid), ("NumMedia", "0"),
            ("ToCity", "CHICAGO"), ("FromZip", ""), ("SmsSid", sid), ("FromState", ""), ("SmsStatus", "received"),
            ("FromCity", ""), ("Body", body), ("FromCountry", "US"), ("To", BusinessNumber),
            ("MessagingServiceSid", Service), ("ToZip", ""), ("NumSegments", "1"), ("MessageSid", sid),
            ("AccountSid", Account), ("From", number), ("ApiVersion", "2010-04-01"),
        };
        if (optOutType is not null)
        {
            fields.Add(("OptOutType", optOutType));
        }

        return new SampleRecord(SampleTopic.Replies, _random.NextDouble() < 0.2 ? Json(fields) : Form(fields), at);
    }

    /// <summary>The same reply as Telnyx, Vonage, Plivo, Bandwidth or Sinch would land it.</summary>
    private SampleRecord OtherProviderInbound(string number, string body, DateTimeOffset at, string? flag)
    {
        var digits = number.TrimStart('+');
        var ours = BusinessNumber.TrimStart('+');
        var text = System.Text.Json.JsonSerializer.Serialize(body);
        var id = NewSid("MO");
        var time = Iso(at);
        var autoresponse = flag is null ? "null" : $"\"{flag}\"";
        var spaced = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var intent = flag switch { "STOP" => "optout", "START" => "optin", _ => string.Empty };
        var payload = _random.Next(5) switch
        {
            0 => $$$"""
                {"data":{"record_type":"event","id":"{{{Guid(id)}}}","event_type":"message.received",
                 "occurred_at":"{{{time}}}","payload":{"record_type":"message","direction":"inbound",
                 "id":"{{{Guid(id + "m")}}}","type":"SMS","from":{"phone_number":"{{{number}}}"},
                 "to":[{"phone_number":"{{{BusinessNumber}}}","status":"webhook_delivered"}],"text":{{{text}}},
                 "parts":1,"autoresponse_type":{{{autoresponse}}} } },"meta":{"attempt":1}}
                """,
            1 => $$$"""
                {"msisdn":"{{{digits}}}","to":"{{{ours}}}","messageId":"{{{id[..16]}}}","text":{{{text}}},
                 "type":"text","message-timestamp":"{{{spaced}}}"}
                """,
            2 => Form(
            [
                ("From", digits), ("To", ours), ("Text", body), ("Type", "sms"), ("MessageUUID", Guid(id)),
                ("Units", "1"), ("MessageIntent", intent),
            ]),
            3 => $$$"""
                [{"type":"message-received","time":"{{{time}}}","description":"Incoming message received",
                  "to":"{{{BusinessNumber}}}","message":{"id":"{{{id}}}","owner":"{{{BusinessNumber}}}",
                  "direction":"in","time":"{{{time}}}","segmentCount":1,"to":["{{{BusinessNumber}}}"],
                  "from":"{{{number}}}","text":{{{text}}} } }]
                """,
            _ => $$$"""
                {"type":"mo_text","id":"{{{id}}}","from":"{{{digits}}}","to":"{{{ours}}}","body":{{{text}}},
                 "received_at":"{{{time}}}","operator_id":"310260"}
                """,
        };
        return new SampleRecord(SampleTopic.Replies, payload, at);
    }

    /// <summary>
    /// The same delivery status as another provider reports it (Bandwidth has no "sent": Sinch's then).
    /// </summary>
    private static SampleRecord OtherProviderStatus(string number, string sid, string status, DateTimeOffset at,
        int provider)
    {
        var digits = number.TrimStart('+');
        var time = Iso(at);
        var telnyxEvent = status == "sent" ? "message.sent" : "message.finalized";
        var telnyxStatus = status switch
        {
            "delivered" => "delivered",
            "undelivered" => "delivery_failed",
            _ => "sent",
        };
        var vonageStatus = status switch { "delivered" => "delivered", "undelivered" => "failed", _ => "accepted" };
        var sinchStatus = status switch { "delivered" => "Delivered", "undelivered" => "Failed", _ => "Dispatched" };
        var bandwidthType = status == "delivered" ? "message-delivered" : "message-failed";
        var scts = at.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        var spaced = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var payload = provider switch
        {
            0 => $$$"""
                {"data":{"record_type":"event","id":"{{{Guid(sid + status)}}}","event_type":"{{{telnyxEvent}}}",
                 "occurred_at":"{{{time}}}","payload":{"record_type":"message","direction":"outbound",
                 "id":"{{{Guid(sid)}}}","type":"SMS","from":{"phone_number":"{{{BusinessNumber}}}"},
                 "to":[{"phone_number":"{{{number}}}","status":"{{{telnyxStatus}}}"}],
                 "tags":["spring26","variant-B"],"errors":[] } } }
                """,
            1 => $$$"""
                {"msisdn":"{{{digits}}}","to":"ACMESHOP","messageId":"{{{sid[..16]}}}","status":"{{{vonageStatus}}}",
                 "scts":"{{{scts}}}","err-code":"0","client-ref":"spring26-B"}
                """,
            2 => Form(
            [
                ("MessageUUID", Guid(sid)), ("To", digits), ("From", BusinessNumber.TrimStart('+')),
                ("Status", status), ("Units", "1"), ("DeliveryReportTime", spaced),
            ]),
            3 when status != "sent" => $$$"""
                [{"type":"{{{bandwidthType}}}","time":"{{{time}}}","description":"ok","to":"{{{number}}}",
                  "message":{"id":"{{{sid}}}","owner":"{{{BusinessNumber}}}","direction":"out","time":"{{{time}}}",
                  "segmentCount":1,"to":["{{{number}}}"],"from":"{{{BusinessNumber}}}","text":"",
                  "tag":"spring26-B"} }]
                """,
            _ => $$$"""
                {"type":"recipient_delivery_report_sms","batch_id":"{{{sid}}}","recipient":"{{{number}}}","code":0,
                 "status":"{{{sinchStatus}}}","at":"{{{time}}}","client_reference":"spring26-B"}
                """,
        };
        return new SampleRecord(SampleTopic.Deliveries, payload, at);
    }

    /// <summary>A UUID-shaped id derived from a sample id, so the same sample id always gives the same UUID.</summary>
    private static string Guid(string seed)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return new System.Guid(hash.AsSpan(0, 16)).ToString();
    }

    private SampleRecord Click(string number, DateTimeOffset at, bool preview)
    {
        var id = NewSid("NO");
        var agent = preview
            ? "Mozilla/5.0 (compatible; Google-PageRenderer; +https://developers.google.com/)"
            : BrowserAgents[_random.Next(BrowserAgents.Length)];
        var payload = $$$"""
            {"specversion":"1.0","type":"com.twilio.daptbt.link-shortening.link-clicked",
             "source":"AB5a5b5c5d5e5f606162636465666768","id":"{{{id}}}",
             "dataschema":"https://events-schemas.twilio.com/DapTbt.LinkClicked/3",
             "data":{"message_sid":"{{{NewSid("SM")}}}","account_sid":"{{{Account}}}",
               "messaging_service_sid":"{{{Service}}}","to":"{{{number}}}","from":"{{{BusinessNumber}}}",
               "link":"https://shop.example.com/spring?utm_campaign=spring26",
               "shortened_link":"https://go.example.com/Ab3dE5gH7j",
               "link_create_time":"{{{Iso(at.AddMinutes(-30))}}}","click_time":"{{{Iso(at)}}}",
               "user_agent":"{{{agent}}}"}}
            """;
        return new SampleRecord(SampleTopic.Clicks, payload, at);
    }

    private SampleRecord CanonicalClick(string number, DateTimeOffset at) => new(SampleTopic.Clicks,
        $$"""
        {"schema_version":1,"type":"click","contact":"{{number}}","occurred_at":"{{Iso(at)}}",
         "provider":"shop-tracker","dedupe_key":"{{NewSid("CK")}}","campaign":"spring26","variant":"B"}
        """,
        at);

    private static string ConsentJson(string number, string type, DateTimeOffset at) => $$"""
        {"schema_version":1,"type":"{{type}}","contact":"{{number}}","occurred_at":"{{Iso(at)}}",
         "provider":"web_form","dedupe_key":"signup:{{number}}"}
        """;

    private SampleRecord BadRecord(DateTimeOffset at) => _random.Next(4) switch
    {
        0 => new SampleRecord(SampleTopic.Clicks, "{\"specversion\":\"1.0\",\"type\":", at),
        1 => new SampleRecord(SampleTopic.Replies, $"MessageSid={NewSid("SM")}&From=%2B1A693421974&Body=hi", at),
        2 => new SampleRecord(SampleTopic.Replies, $"MessageSid={NewSid("SM")}&From=83835&Body=promo", at),
        _ => new SampleRecord(SampleTopic.Deliveries, "status: delivered to somebody", at),
    };

    private Persona PickPersona()
    {
        var roll = _random.NextDouble();
        return roll switch
        {
            < 0.20 => Persona.Fan,
            < 0.55 => Persona.Casual,
            < 0.80 => Persona.Silent,
            < 0.92 => Persona.Lapsed,
            < 0.97 => Persona.Quitter,
            _ => Persona.Landline,
        };
    }

    private string NewSid(string prefix) => $"{prefix}{_random.Next():x8}{++_sequence:x24}";

    private static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Form(IEnumerable<(string Key, string Value)> fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private static string Json(IEnumerable<(string Key, string Value)> fields)
    {
        var builder = new StringBuilder("{");
        foreach (var (key, value) in fields)
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append(System.Text.Json.JsonSerializer.Serialize(key)).Append(':')
                .Append(System.Text.Json.JsonSerializer.Serialize(value));
        }

        return builder.Append('}').ToString();
    }
}
