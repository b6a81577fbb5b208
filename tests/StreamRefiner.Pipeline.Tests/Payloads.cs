using System.Globalization;

namespace StreamRefiner.Pipeline.Tests;

/// <summary>Provider payloads as a webhook landing writes them to Kafka (made-up numbers and ids).</summary>
internal static class Payloads
{
    public static string TwilioInbound(string from, string body, string sid, string? optOutType = null) =>
        "ToCountry=US&ToState=IL&NumMedia=0&ToCity=CHICAGO&SmsStatus=received&FromCountry=US" +
        $"&Body={Uri.EscapeDataString(body)}&To=%2B13125550100&SmsSid={sid}&MessageSid={sid}" +
        $"&AccountSid=AC0f0e0d0c0b0a09080706050403020100&From={Uri.EscapeDataString(from)}&ApiVersion=2010-04-01" +
        (optOutType is null ? string.Empty : $"&OptOutType={optOutType}");

    public static string TwilioStatus(string to, string sid, string status, DateTimeOffset doneAt) =>
        $"AccountSid=AC0f0e0d0c0b0a09080706050403020100&ApiVersion=2010-04-01&From=%2B13125550100&MessageSid={sid}" +
        $"&MessageStatus={status}&RawDlrDoneDate={doneAt.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture)}" +
        $"&SmsSid={sid}&SmsStatus={status}&To={Uri.EscapeDataString(to)}";

    public static string TwilioClick(string to, string id, DateTimeOffset at) => $$$"""
        {"specversion":"1.0","type":"com.twilio.daptbt.link-shortening.link-clicked","source":"AB5a","id":"{{{id}}}",
         "data":{"message_sid":"SM{{{id}}}","to":"{{{to}}}","from":"+13125550100","link":"https://shop.example.com/",
                 "click_time":"{{{Iso(at)}}}","user_agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)"}}
        """;

    public static string Canonical(string type, string contact, DateTimeOffset at) =>
        $$"""{"schema_version":1,"type":"{{type}}","contact":"{{contact}}","occurred_at":"{{Iso(at)}}","provider":"crm"}""";

    public static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
