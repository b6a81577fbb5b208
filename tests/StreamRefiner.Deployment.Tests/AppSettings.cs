using System.Text.Json;

namespace StreamRefiner.Deployment.Tests;

/// <summary>
/// The configuration keys of src/StreamRefiner.Host/appsettings.json, flattened the way .NET configuration
/// flattens JSON (Kafka:Topics:Clicks), compared case-insensitively as configuration compares them.
/// </summary>
internal sealed class AppSettings
{
    private readonly Dictionary<string, string> _values;

    private AppSettings(Dictionary<string, string> values) => _values = values;

    public IReadOnlyCollection<string> Keys => _values.Keys;

    public static AppSettings Load() => Load(RepositoryRoot.Combine("src", "StreamRefiner.Host", "appsettings.json"));

    public static AppSettings Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Flatten(document.RootElement, null, values);
        return new AppSettings(values);
    }

    /// <summary>The configuration key an environment variable sets: <c>A__B__C</c> is <c>A:B:C</c>.</summary>
    public static string KeyOfEnvironmentVariable(string name) =>
        name.Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Whether the key names a setting (a leaf value), not a section or nothing at all.</summary>
    public bool HasSetting(string key) => _values.ContainsKey(key);

    public string Value(string key) => _values[key];

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : $"{prefix}:{property.Name}", values);
                }

                break;

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++}", values);
                }

                break;

            default:
                values[prefix ?? string.Empty] = element.ValueKind == JsonValueKind.String
                    ? element.GetString() ?? string.Empty
                    : element.GetRawText();
                break;
        }
    }
}
