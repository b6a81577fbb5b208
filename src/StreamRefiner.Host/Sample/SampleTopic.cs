namespace StreamRefiner.Host.Sample;

/// <summary>The input topic a sample record belongs on.</summary>
public enum SampleTopic
{
    Clicks,
    Replies,
    Consent,
    Deliveries,
}
