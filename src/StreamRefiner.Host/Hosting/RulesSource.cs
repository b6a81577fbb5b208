using StreamRefiner.Domain.Decisions;
using StreamRefiner.Pipeline.Decide;
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
    private readonly ILogger _logger;
    private DateTime _lastWrite;

    private RulesSource(RulesOptions options, ILogger logger, DeciderHolder holder, DateTime lastWrite)
    {
        _options = options;
        _logger = logger;
        Holder = holder;
        _lastWrite = lastWrite;
    }

    public DeciderHolder Holder { get; }

    public string Source => _options.Path.Length == 0 ? RulesLoader.DefaultRulesName : _options.Path;

    /// <summary>Loads the configured rules; throws <see cref="RulesRejectedException"/> listing every error.</summary>
    public static RulesSource Load(RulesOptions options, ILogger logger)
    {
        var result = options.Path.Length == 0 ? RulesLoader.LoadDefault() : RulesLoader.LoadFile(options.Path);
        if (result.Rules is null)
        {
            throw new RulesRejectedException(result.Diagnostics);
        }

        var source = new RulesSource(options, logger, new DeciderHolder(new Decider(result.Rules)),
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

            _lastWrite = lastWrite;
            var result = RulesLoader.LoadFile(_options.Path);
            if (result.Rules is null)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == RulesSeverity.Error).ToList();
                HostLog.RulesReloadRejected(_logger, Source, errors.Count, errors[0].ToString(), running);
                return false;
            }

            Holder.Swap(new Decider(result.Rules));
            Report(result);
            return true;
        }
        catch (IOException e)
        {
            HostLog.RulesUnreadable(_logger, Source, running, e);
            return false;
        }
    }

    private void Report(RulesLoadResult result)
    {
        var warnings = result.Diagnostics.Where(d => d.Severity == RulesSeverity.Warning).ToList();
        HostLog.RulesLoaded(_logger, result.Rules!.Version, Source, result.Rules.Segments.Count, warnings.Count);
        foreach (var warning in warnings)
        {
            HostLog.RulesWarning(_logger, warning.ToString());
        }
    }
}
