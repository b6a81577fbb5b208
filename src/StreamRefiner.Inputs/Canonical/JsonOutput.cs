using System.Text.Encodings.Web;
using System.Text.Json;

namespace StreamRefiner.Inputs.Canonical;

/// <summary>
/// How the worker writes JSON onto Kafka topics: characters such as <c>+</c> and <c>&gt;</c> stay as they are
/// (<c>"+12025550188"</c>, not <c>"\u002B12025550188"</c>), so records read and grep as the README shows them.
/// The payloads are never embedded in HTML, which is what the default escaping guards against.
/// </summary>
public static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
