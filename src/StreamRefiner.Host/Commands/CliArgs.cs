using System.Globalization;

namespace StreamRefiner.Host.Commands;

/// <summary>
/// The options of one command, given as <c>--name value</c>. Anything else (for example
/// <c>--Kafka:BootstrapServers=…</c>) is left for the configuration system.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public CliArgs(IEnumerable<string> args, params string[] known)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var name = list[i].StartsWith("--", StringComparison.Ordinal) ? list[i][2..] : null;
            if (name is not null && known.Contains(name) && i + 1 < list.Count)
            {
                _values[name] = list[++i];
            }
        }
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"--{name}: got '{text}'; expected a whole number >= 0");
    }
}
