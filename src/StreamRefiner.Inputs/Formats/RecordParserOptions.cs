namespace StreamRefiner.Inputs.Formats;

/// <summary>Settings of the record parser (configuration section <c>Inputs</c>).</summary>
public sealed class RecordParserOptions
{
    /// <summary>Region for numbers written in national format.</summary>
    public string DefaultRegion { get; set; } = "US";

    /// <summary>Records larger than this go to the dead-letter topic.</summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024;

    /// <summary>Events further than this in the future (against the wall clock) are dead-lettered.</summary>
    public int MaxFutureSkewSeconds { get; set; } = 300;

    /// <summary>
    /// Topic name → format name (<see cref="InputFormats"/>): records of that topic are read in that format
    /// instead of being detected. A record's <c>sr-format</c> header still wins.
    /// </summary>
    public Dictionary<string, string> TopicFormats { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Errors naming the configuration key, the value and what was expected; empty when valid.</summary>
    public IReadOnlyList<string> TopicFormatErrors() =>
    [
        .. TopicFormats
            .Where(pin => !InputFormats.IsKnown(pin.Value))
            .Select(pin => $"Inputs:TopicFormats:{pin.Key}: got '{pin.Value}'; expected one of "
                + string.Join(", ", InputFormats.All)),
    ];
}
