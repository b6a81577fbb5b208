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
}
