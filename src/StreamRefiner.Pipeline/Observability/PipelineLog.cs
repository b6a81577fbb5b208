using Microsoft.Extensions.Logging;

namespace StreamRefiner.Pipeline.Observability;

/// <summary>
/// Every log line of the pipeline, with stable event ids. Lines name partitions, counts and reasons;
/// never a phone number or a message body.
/// </summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "{Stage} stage started on {Topics}")]
    public static partial void StageStarted(ILogger logger, string stage, string topics);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{Stage} stage stopped")]
    public static partial void StageStopped(ILogger logger, string stage);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information,
        Message = "{Stage} partitions assigned: {Partitions}")]
    public static partial void PartitionsAssigned(ILogger logger, string stage, string partitions);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "{Stage} partitions revoked: {Partitions}")]
    public static partial void PartitionsRevoked(ILogger logger, string stage, string partitions);

    /// <summary>
    /// A failed batch, logged with the exception's type and its message with any phone number masked: client
    /// exceptions quote the keys they touched (StackExchange.Redis names the contact's key in a timeout).
    /// </summary>
    public static void BatchFailed(ILogger logger, string stage, string dependency, int delayMilliseconds,
        Exception exception) =>
        BatchFailedMasked(logger, stage, dependency, delayMilliseconds, exception.GetType().Name,
            LogRedaction.MaskNumbers(exception.Message));

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning,
        Message = "{Stage} batch failed on {Dependency}; nothing committed, retrying in {DelayMilliseconds} ms: "
            + "{ErrorType}: {Error}")]
    private static partial void BatchFailedMasked(ILogger logger, string stage, string dependency,
        int delayMilliseconds, string errorType, string error);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information,
        Message = "{Stage} recovered after {Failures} failed batches")]
    public static partial void Recovered(ILogger logger, string stage, int failures);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning,
        Message = "{Count} records dead-lettered in one batch; first reason {Reason}")]
    public static partial void DeadLettered(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information,
        Message = "re-produced {Transitions} unacknowledged transitions of {Contacts} contacts on partition " +
            "{Partition}")]
    public static partial void OutboxRecovered(ILogger logger, int transitions, int contacts, int partition);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning,
        Message = "{Stage} stage committed its batch but could not acknowledge {Count} outboxes ({Error}); "
            + "they are acknowledged when the partitions are recovered")]
    public static partial void OutboxAckDeferred(ILogger logger, string stage, int count, string error);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning,
        Message = "{Stage} stage could not read the internal topic's partition count ({Code}); "
            + "records are not checked for their partition until it can")]
    public static partial void PartitionCountUnknown(ILogger logger, string stage, string code);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Warning,
        Message = "{Stage} stage: output of the batch is in Kafka but committing offsets of {Partitions} partitions "
            + "failed ({Code}); they go with the next commit")]
    public static partial void CommitDeferred(ILogger logger, string stage, int partitions, string code);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Debug,
        Message = "{Stage} stage committed its transaction; the plain offset commit after it failed ({Code})")]
    public static partial void PlainCommitSkipped(ILogger logger, string stage, string code);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning,
        Message = "{Stage} stage could not abort its transaction ({Code}); the producer is replaced")]
    public static partial void ProducerReplaced(ILogger logger, string stage, string code, Exception exception);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "{Stage} stage stopped by a fatal Kafka error")]
    public static partial void FatalError(ILogger logger, string stage, Exception exception);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "dependency {Dependency} down: {Detail}")]
    public static partial void DependencyDown(ILogger logger, string dependency, string detail);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "dependency {Dependency} up")]
    public static partial void DependencyUp(ILogger logger, string dependency);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information,
        Message = "rules {Version} loaded from {Source}: {Segments} segments")]
    public static partial void RulesLoaded(ILogger logger, string version, string source, int segments);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Error,
        Message = "rules from {Source} rejected; keeping {Running}: {Error}")]
    public static partial void RulesRejected(ILogger logger, string source, string running, string error);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Information, Message = "build {Version} ({Commit}) starting")]
    public static partial void BuildStarting(ILogger logger, string version, string commit);

    [LoggerMessage(EventId = 1010, Message = "kafka client {Client} {Facility}: {Text}")]
    public static partial void KafkaClient(ILogger logger, LogLevel level, string client, string facility, string text);

    /// <summary>Routes librdkafka's own log lines into the application log at a matching level.</summary>
    public static void KafkaClient(ILogger logger, Confluent.Kafka.LogMessage message)
    {
        var level = message.Level switch
        {
            Confluent.Kafka.SyslogLevel.Emergency or Confluent.Kafka.SyslogLevel.Alert
                or Confluent.Kafka.SyslogLevel.Critical or Confluent.Kafka.SyslogLevel.Error => LogLevel.Error,
            Confluent.Kafka.SyslogLevel.Warning => LogLevel.Warning,
            Confluent.Kafka.SyslogLevel.Notice or Confluent.Kafka.SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        KafkaClient(logger, level, message.Name, message.Facility, message.Message);
    }
}
