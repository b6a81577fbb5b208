namespace StreamRefiner.Host.Hosting;

/// <summary>The host's log lines, with stable event ids.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "rules warning: {Diagnostic}")]
    public static partial void RulesWarning(ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error,
        Message = "rules file {Source} cannot be read; keeping rules {Version}")]
    public static partial void RulesUnreadable(ILogger logger, string source, string version, Exception exception);
}
