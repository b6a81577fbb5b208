namespace StreamRefiner.Host.Sample;

/// <summary>How a made-up contact behaves.</summary>
public enum Persona
{
    /// <summary>Clicks often, replies sometimes.</summary>
    Fan,

    /// <summary>Clicks now and then.</summary>
    Casual,

    /// <summary>Receives messages, never responds.</summary>
    Silent,

    /// <summary>Engaged for the first weeks, then silent.</summary>
    Lapsed,

    /// <summary>Texts STOP at some point; some opt back in later.</summary>
    Quitter,

    /// <summary>A landline: every send fails.</summary>
    Landline,
}
