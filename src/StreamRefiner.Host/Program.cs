using StreamRefiner.Host.Commands;

// The streamrefiner command. Configuration for every command: appsettings.json, then environment variables
// (Kafka__BootstrapServers=…), then --Section:Key=value arguments.
var command = args.Length > 0 ? args[0] : string.Empty;
var rest = args.Length > 0 ? args[1..] : [];
try
{
    return command switch
    {
        "run" => await RunCommand.RunAsync(rest).ConfigureAwait(false),
        "dev-broker" => DevBrokerCommand.Run(rest),
        "sample" => SampleCommand.Run(rest),
        "watch" => WatchCommand.Run(rest),
        "validate" => ValidateCommand.Run(rest),
        "explain" => await ExplainCommand.RunAsync(rest).ConfigureAwait(false),
        "parse" => ParseCommand.Run(rest),
        "classify" => ClassifyCommand.Run(rest),
        _ => Usage(),
    };
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"configuration error: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
    return 2;
}
catch (StreamRefiner.Host.Hosting.RulesRejectedException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: streamrefiner <command> [options] [--Section:Key=value …]

          run          the worker: normalise and decide stages; /metrics, /healthz, /readyz
          dev-broker   a local Kafka-protocol broker (librdkafka mock cluster) with the topics created
                       [--brokers 3] [--bootstrap-file PATH]
          sample       stream made-up provider traffic into the input topics
                       [--contacts 2000] [--days 90] [--live-seconds 0=forever] [--live-rate 5] [--seed 42]
          watch        print transitions as they arrive, with segment sizes
                       [--summary-seconds 10] [--metrics-url URL] [--limit-seconds 0=forever]
          validate     check a rules file (default: the built-in rules); errors as file:line:column
                       [FILE]
          explain      a contact's segment and why, windows now, transition and consent history
                       CONTACT (any common phone form) [--json]
          parse        read raw input records as the worker does; canonical event JSON lines on stdout,
                       rejections (dead-letter reason and detail) on stderr; exits 1 if any was rejected
                       [--format F] [--topic T] [--whole: the input is one record, not one per line] FILE|-
          classify     the consent class of a reply and the classifier's reason
                       [--provider-flag VALUE] TEXT
        """);
    return 64;
}
