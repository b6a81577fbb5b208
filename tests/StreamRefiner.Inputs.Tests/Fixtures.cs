namespace StreamRefiner.Inputs.Tests;

/// <summary>Provider payloads in their documented shapes, with made-up numbers (fictional ranges) and ids.</summary>
internal static class Fixtures
{
    public const string TelnyxReceived = """
        {
          "data": {
            "record_type": "event",
            "id": "7b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
            "event_type": "message.received",
            "occurred_at": "2026-03-02T15:04:05.120+00:00",
            "payload": {
              "record_type": "message", "direction": "inbound", "id": "40317d2e-aaaa-4bbb-8ccc-0123456789ab",
              "type": "SMS", "messaging_profile_id": "40019f3a-1111-4222-8333-444455556666",
              "from": { "phone_number": "+12025550188", "carrier": "EXAMPLE WIRELESS", "line_type": "Wireless" },
              "to": [ { "phone_number": "+13125550100", "status": "webhook_delivered", "line_type": "VoIP" } ],
              "cc": [], "text": "STOP", "media": [], "encoding": "GSM-7", "parts": 1, "tags": [],
              "autoresponse_type": "STOP", "received_at": "2026-03-02T15:04:05.010+00:00",
              "sent_at": null, "completed_at": null, "valid_until": null, "errors": [], "is_spam": false
            }
          },
          "meta": { "attempt": 1, "delivered_to": "https://hooks.example.com/telnyx" }
        }
        """;

    public const string TelnyxFinalized = """
        {
          "data": {
            "record_type": "event", "id": "c0ffee00-1234-4abc-9def-001122334455",
            "event_type": "message.finalized", "occurred_at": "2026-03-02T15:00:09.870+00:00",
            "payload": {
              "record_type": "message", "direction": "outbound", "id": "4031aa00-bbbb-4ccc-8ddd-eeeeffff0000",
              "type": "SMS", "from": { "phone_number": "+13125550100", "carrier": "Telnyx", "line_type": "VoIP" },
              "to": [ { "phone_number": "+12025550188", "status": "delivery_failed", "line_type": "Wireless" } ],
              "text": "Spring sale: https://go.example.com/Ab3dE5gH7j Reply STOP to opt out",
              "tags": ["spring26", "variant-B"], "parts": 1,
              "received_at": "2026-03-02T15:00:01.015+00:00", "sent_at": "2026-03-02T15:00:01.400+00:00",
              "completed_at": "2026-03-02T15:00:09.870+00:00",
              "errors": [ { "code": "40008", "title": "Undeliverable", "detail": "Carrier did not accept" } ]
            }
          }
        }
        """;

    public const string VonageInbound = """
        { "api-key": "abcd1234", "msisdn": "447700900123", "to": "447700900456", "messageId": "0A00000012345678",
          "text": "Stop", "type": "text", "keyword": "STOP", "message-timestamp": "2026-03-02 15:04:05",
          "timestamp": "1772463845" }
        """;

    public const string VonageReceipt = """
        { "msisdn": "447700900123", "to": "ACMESHOP", "network-code": "23410", "messageId": "0B00000087654321",
          "price": "0.03330000", "status": "delivered", "scts": "2603021504", "err-code": "0",
          "api-key": "abcd1234", "message-timestamp": "2026-03-02 15:04:30", "client-ref": "spring26-B" }
        """;

    public const string PlivoInbound =
        "From=12025550188&To=13125550100&Text=STOP&Type=sms&MessageUUID=3f1e2d3c-4b5a-4697-8877-665544332211"
        + "&Units=1&TotalRate=0.00000&TotalAmount=0.00000&MessageIntent=optout&PowerpackUUID=";

    public const string BandwidthArray = """
        [
          { "type": "message-received", "time": "2026-03-02T15:04:05.000Z", "description": "Incoming message received",
            "to": "+13125550100",
            "message": { "id": "1772463845000inbound0001", "owner": "+13125550100", "direction": "in",
              "applicationId": "9e8d7c6b-5a49-4382-9171-605f4e3d2c1b", "time": "2026-03-02T15:04:05.000Z",
              "segmentCount": 1, "to": ["+13125550100"], "from": "+12025550188", "text": "sounds good, thanks" } },
          { "type": "message-delivered", "time": "2026-03-02T15:00:08.500Z", "description": "ok",
            "to": "+12025550101",
            "message": { "id": "1772463601234abcdefghijklmno", "owner": "+12025550101", "direction": "out",
              "time": "2026-03-02T15:00:01.234Z", "segmentCount": 1, "to": ["+12025550101"],
              "from": "+13125550100", "text": "", "tag": "spring26-B" } },
          { "type": "message-failed", "time": "2026-03-02T15:00:09.871Z", "description": "forbidden to country",
            "to": "+12025550102", "errorCode": 4432,
            "message": { "id": "1772463601234abcdefghijklmnop", "owner": "+13125550100", "direction": "out",
              "time": "2026-03-02T15:00:01.234Z", "segmentCount": 1, "to": ["+12025550102"],
              "from": "+13125550100", "text": "", "tag": "spring26-B" } }
        ]
        """;

    public const string SinchInbound = """
        { "type": "mo_text", "id": "01J7ZK3M8Q4R5S6T7V8W9X0Y1Z", "from": "12025550188", "to": "13125550100",
          "body": "Remove me please", "received_at": "2026-03-02T15:04:05Z", "operator_id": "310260" }
        """;

    public const string SinchReport = """
        { "type": "recipient_delivery_report_sms", "batch_id": "01J7ZJ9A1B2C3D4E5F6G7H8J9K",
          "recipient": "+12025550188", "code": 0, "status": "Delivered", "at": "2026-03-02T15:00:08.930Z",
          "operator_status_at": "2026-03-02T15:00:08.150Z", "client_reference": "spring26-B" }
        """;

    public const string TwilioInbound =
        "ToCountry=US&SmsMessageSid=SM0c1d2e3f405162738495a6b7c8d9e0f1&NumMedia=0&SmsStatus=received&Body=Stop"
        + "&To=%2B13125550100&MessagingServiceSid=MG00112233445566778899aabbccddeeff&NumSegments=1"
        + "&MessageSid=SM0c1d2e3f405162738495a6b7c8d9e0f1&AccountSid=AC0f0e0d0c0b0a09080706050403020100"
        + "&From=%2B12025550188&ApiVersion=2010-04-01&OptOutType=STOP";

    public const string TwilioStatus =
        "AccountSid=AC0f0e0d0c0b0a09080706050403020100&ApiVersion=2010-04-01&ErrorCode=30003"
        + "&From=%2B13125550100&MessageSid=SM9a8b7c6d5e4f30211203f4e5d6c7b8a9&MessageStatus=undelivered"
        + "&RawDlrDoneDate=2603021506&SmsSid=SM9a8b7c6d5e4f30211203f4e5d6c7b8a9&SmsStatus=undelivered"
        + "&To=%2B12025550188";

    public const string Canonical =
        """{"type":"reply","contact":"+12025550188","occurred_at":"2026-03-01T10:00:00Z","body":"UNSUBSCRIBE"}""";

    /// <summary>Every fixture above: the seeds of the robustness test.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        TelnyxReceived, TelnyxFinalized, VonageInbound, VonageReceipt, PlivoInbound, BandwidthArray,
        SinchInbound, SinchReport, TwilioInbound, TwilioStatus, Canonical,
    ];
}
