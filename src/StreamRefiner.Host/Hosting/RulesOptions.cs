namespace StreamRefiner.Host.Hosting;

/// <summary>Where the segment rules come from (configuration section <c>Rules</c>).</summary>
public sealed class RulesOptions
{
    /// <summary>A rules file (YAML); empty for the built-in default rules.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>How often the file is checked for changes; 0 turns hot reload off.</summary>
    public int ReloadSeconds { get; set; } = 10;
}
