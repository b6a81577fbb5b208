using System.Globalization;

namespace StreamRefiner.Pipeline.Tests.Faults;

/// <summary>
/// Sizes of the fault tests: small in <c>make test</c>, full size with <c>make chaos</c> (which sets the
/// <c>STREAMREFINER_FAULT_*</c> variables).
/// </summary>
internal static class FaultSettings
{
    public static int Events => Read("STREAMREFINER_FAULT_EVENTS", 8_000);

    public static int Contacts => Read("STREAMREFINER_FAULT_CONTACTS", 300);

    public static int Partitions => Read("STREAMREFINER_FAULT_PARTITIONS", 8);

    /// <summary>Input records produced per second while the workers run.</summary>
    public static int Rate => Read("STREAMREFINER_FAULT_RATE", 500);

    /// <summary>Event time between consecutive records (see <see cref="FaultStream"/> on why it matters).</summary>
    public static TimeSpan EventStep => TimeSpan.FromSeconds(Read("STREAMREFINER_FAULT_STEP_SECONDS", 30));

    public static int Kills => Read("STREAMREFINER_FAULT_KILLS", 10);

    public static int RedisDownSeconds => Read("STREAMREFINER_FAULT_REDIS_DOWN_SECONDS", 10);

    /// <summary>How long the worker may take to catch up once the faults are over.</summary>
    public static TimeSpan CatchUp => TimeSpan.FromSeconds(Read("STREAMREFINER_FAULT_CATCHUP_SECONDS", 180));

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture,
            out var value) && value > 0
            ? value
            : fallback;
}
