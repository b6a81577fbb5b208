using Microsoft.Extensions.Logging.Abstractions;
using StreamRefiner.Host.Hosting;
using StreamRefiner.Pipeline.Observability;

namespace StreamRefiner.Pipeline.Tests;

public sealed class RulesReloadTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.yaml");

    [Fact]
    public void A_changed_rules_file_is_swapped_in_and_a_broken_one_keeps_the_running_rules()
    {
        File.WriteAllText(_path, Rules("v1", "clicks.7d >= 2"));
        var source = RulesSource.Load(new RulesOptions { Path = _path }, new PipelineHealth(), NullLogger.Instance);
        Assert.Equal("v1", source.Holder.Current.Rules.Version);
        Assert.False(source.ReloadIfChanged());

        Write(Rules("v2", "clicks.7d >= 3 and"));
        Assert.False(source.ReloadIfChanged());
        Assert.Equal("v1", source.Holder.Current.Rules.Version);

        Write(Rules("v3", "clicks.7d >= 3"));
        Assert.True(source.ReloadIfChanged());
        Assert.Equal("v3", source.Holder.Current.Rules.Version);
    }

    [Fact]
    public void A_rules_file_with_errors_refuses_to_start_and_lists_every_error()
    {
        File.WriteAllText(_path, Rules("v1", "clickz.7d >= 2"));

        var error = Assert.Throws<RulesRejectedException>(
            () => RulesSource.Load(new RulesOptions { Path = _path }, new PipelineHealth(), NullLogger.Instance));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((_path, 6), (diagnostic.File, diagnostic.Line));
        Assert.Contains("unknown name 'clickz'", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_path);

    private void Write(string text)
    {
        // Make the change visible even on file systems with coarse modification times.
        File.WriteAllText(_path, text);
        File.SetLastWriteTimeUtc(_path, File.GetLastWriteTimeUtc(_path).AddSeconds(Random.Shared.Next(1, 1000)));
    }

    private static string Rules(string version, string enter) => $"""
        version: "{version}"
        segments:
          - name: engaged
            purpose: retention
            priority: 10
            enter: {enter}
          - name: rest
            purpose: retention
            priority: 0
            fallback: true
        """;
}
