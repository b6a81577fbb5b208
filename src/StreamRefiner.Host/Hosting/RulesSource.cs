using StreamRefiner.Domain.Decisions;
using StreamRefiner.Pipeline.Decide;
using StreamRefiner.Pipeline.Observability;
using StreamRefiner.Rules;

namespace StreamRefiner.Host.Hosting;

/// <summary>
/// Loads the rules at start (the worker refuses to start on errors) and, when a rules file is configured,
/// reloads it when it changes: a valid file replaces the running rules between two batches; a file with errors
/// is reported and the running rules stay.
/// </summary>
public sealed class RulesSource
{
    private readonly RulesOptions _options;
    private readonly PipelineHealth _health;
    private readonly ILogger _logger;
    private DateTime _lastWrite;

    private RulesSource(RulesOptions options, PipelineHealth health, ILogger logger, DeciderHolder holder,
        DateTime lastWrite)
    {
        _options = options;
        _health = health;
        _logger = logger;
        Holder = holder;
        _lastWrite = lastWrite;
    }

    public DeciderHolder Holder { get; }

    public string Source => SourceOf(_options);

    /// <summary>Loads the configured rules; throws <see cref="RulesRejectedException"/> listing every error.</summary>
    public static RulesSource Load(RulesOptions options, PipelineHealth health, ILogger logger)
    {
        if (options.Path.Length > 0 && !File.Exists(options.Path))
        {
            throw new RulesRejectedException(
                [new RulesDiagnostic(options.Path, 1, 1, RulesSeverity.Error, "Rules:Path: no such file")]);
        }

        var result = options.Path.Length == 0 ? RulesLoader.LoadDefault() : RulesLoader.LoadFile(options.Path);
        if (result.Rules is null)
        {
            RulesTelemetry.Rejected(SourceOf(options), result.Diagnostics[0].ToString(), logger);
            throw new RulesRejectedException(result.Diagnostics);
        }

        var source = new RulesSource(options, health, logger, new DeciderHolder(new Decider(result.Rules)),
            options.Path.Length == 0 ? default : File.GetLastWriteTimeUtc(options.Path));
        source.Report(result);
        return source;
    }

    /// <summary>Reloads the file if it changed since the last load; returns true when new rules are in force.</summary>
    public bool ReloadIfChanged()
    {
        if (_options.Path.Length == 0)
        {
            return false;
        }

        var running = Holder.Current.Rules.Version;
        try
        {
            var lastWrite = File.GetLastWriteTimeUtc(_options.Path);
            if (lastWrite == _lastWrite)
            {
                return false;
            }

            // Remembered only once read: a file caught mid-replace is read again at the next check.
            var result = RulesLoader.LoadFile(_options.Path);
            _lastWrite = lastWrite;
            if (result.Rules is null)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == RulesSeverity.Error).ToList();
                RulesTelemetry.Rejected(Source, $"{errors.Count} errors, first: {errors[0]}", _logger);
                return false;
            }

            Holder.Swap(new Decider(result.Rules));
            Report(result);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            HostLog.RulesUnreadable(_logger, Source, running, e);
            RulesTelemetry.Rejected(Source, "the file cannot be read", _logger);
            return false;
        }
    }

    private static string SourceOf(RulesOptions options) =>
        options.Path.Length == 0 ? RulesLoader.DefaultRulesName : options.Path;

    private void Report(RulesLoadResult result)
    {
        var warnings = result.Diagnostics.Where(d => d.Severity == RulesSeverity.Warning).ToList();
        RulesTelemetry.Loaded(result.Rules!, Source, _health, _logger);
        foreach (var warning in warnings)
        {
            HostLog.RulesWarning(_logger, warning.ToString());
        }
    }
}
