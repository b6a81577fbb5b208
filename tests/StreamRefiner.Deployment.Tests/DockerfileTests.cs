using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace StreamRefiner.Deployment.Tests;

/// <summary>docker/Dockerfile, read offline: stages, restore layer, publish, runtime image, entry point.</summary>
public sealed partial class DockerfileTests
{
    private const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";
    private const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet:10.0";
    private const string HostProject = "src/StreamRefiner.Host/StreamRefiner.Host.csproj";

    private readonly DockerfileModel _dockerfile =
        DockerfileModel.Load(RepositoryRoot.Combine("docker", "Dockerfile"));

    private DockerStage Build => _dockerfile.Stages[0];

    [Fact]
    public void BuildsInTheDotnet10SdkStageAndShipsOnTheAspnet10Runtime()
    {
        Assert.True(_dockerfile.Stages.Count >= 2, $"expected a multi-stage build, found {_dockerfile.Stages.Count}");
        Assert.Equal(SdkImage, _dockerfile.Stages[0].BaseImage);
        Assert.Equal(RuntimeImage, _dockerfile.Final.BaseImage);
    }

    [Fact]
    public void PublishesTheHostProjectInReleaseInTheBuildStage()
    {
        var publish = Assert.Single(Build.All("RUN"), r => Runs(r, "dotnet publish"));

        Assert.Contains(HostProject.Replace("/StreamRefiner.Host.csproj", string.Empty, StringComparison.Ordinal),
            publish.Arguments, StringComparison.Ordinal);
        Assert.Matches(@"(-c|--configuration)\s+Release\b", publish.Arguments);
        Assert.NotNull(PublishDirectory());
    }

    [Fact]
    public void RestoresFromProjectFilesAloneBeforeTheSourcesAreCopied()
    {
        var restore = Build.IndexOf(i => i.Keyword == "RUN" && Runs(i, "dotnet restore"));
        var sources = Build.IndexOf(i => i.Keyword == "COPY" && Sources(i).Any(s => s.TrimEnd('/') == "src"));
        Assert.True(restore >= 0, "the build stage has no `dotnet restore` step");
        Assert.True(sources > restore, "the sources must be copied after the restore step, or every edit re-restores");

        // Everything copied before the restore is build policy or a project file, so the layer survives code edits.
        var copiedBeforeRestore = Build.Instructions.Take(restore)
            .Where(i => i.Keyword == "COPY")
            .SelectMany(Sources)
            .ToList();
        Assert.All(copiedBeforeRestore,
            path => Assert.Matches(@"(\.csproj|Directory\..+\.props|global\.json)$", path));

        // A project added under src/ must be copied too, or the restore in the image misses it.
        var projects = Directory.EnumerateFiles(RepositoryRoot.Combine("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryRoot.FullPath, p).Replace('\\', '/'));
        Assert.All(projects, project => Assert.Contains(project, copiedBeforeRestore));
        Assert.Contains("Directory.Packages.props", copiedBeforeRestore);
        Assert.Contains(HostProject, copiedBeforeRestore);
    }

    [Fact]
    public void EveryPathCopiedFromTheBuildContextExistsInTheRepository()
    {
        var fromContext = _dockerfile.Stages
            .SelectMany(s => s.All("COPY").Concat(s.All("ADD")))
            .Where(i => !i.Words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
            .SelectMany(Sources)
            .ToList();

        Assert.NotEmpty(fromContext);
        Assert.All(fromContext, path => Assert.True(
            File.Exists(RepositoryRoot.Combine(path)) || Directory.Exists(RepositoryRoot.Combine(path)),
            $"COPY source '{path}' is not in the repository (the build context is the repository root)"));
    }

    [Fact]
    public void RuntimeStageWorksInTheDirectoryThePublishedAppIsCopiedTo()
    {
        // ENTRYPOINT names streamrefiner.dll relatively, and ASP.NET reads appsettings.json from the working
        // directory: both break if the app lands anywhere else.
        var copy = Assert.Single(_dockerfile.Final.All("COPY"), c => c.Words.Contains($"--from={Build.Name}"));
        var words = copy.Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        var workdir = _dockerfile.Final.All("WORKDIR").LastOrDefault()?.Arguments;

        Assert.Equal(PublishDirectory(), words[0].TrimEnd('/'));
        Assert.NotNull(workdir);
        Assert.Contains(words[^1].TrimEnd('/'), new[] { ".", workdir, workdir + "/." });
    }

    [Fact]
    public void ExposesPort9464AndBindsUrlsToEveryInterfaceOnIt()
    {
        var exposed = _dockerfile.Final.All("EXPOSE").SelectMany(e => e.Words).Select(p => p.Split('/')[0]);
        var urls = new Uri(Assert.Single(RuntimeEnvironment(), e => e.Key == "Urls").Value);

        Assert.Contains("9464", exposed);
        Assert.Equal("0.0.0.0", urls.Host);
        Assert.Equal(9464, urls.Port);
    }

    [Fact]
    public void EntrypointRunsTheStreamrefinerAssemblyAndTheDefaultCommandIsRun()
    {
        var assemblyName = XDocument.Load(RepositoryRoot.Combine(HostProject.Split('/')))
            .Descendants("AssemblyName").Single().Value;

        // Exec form: dotnet is PID 1 and receives SIGTERM itself, so the worker can finish its batch and commit.
        var entrypoint = Assert.Single(_dockerfile.Final.All("ENTRYPOINT")).ExecForm();
        var command = Assert.Single(_dockerfile.Final.All("CMD")).ExecForm();

        Assert.NotNull(entrypoint);
        Assert.NotNull(command);
        Assert.Equal(new[] { "dotnet", $"{assemblyName}.dll" }, entrypoint);
        Assert.Equal(new[] { "run" }, command);
    }

    [Fact]
    public void RuntimeStageRunsAsANumericNonRootUser()
    {
        var user = _dockerfile.Final.All("USER").LastOrDefault()?.Arguments.Split(':')[0];

        Assert.NotNull(user);
        Assert.DoesNotContain(user, new[] { "root", "0" });

        // Kubernetes can check runAsNonRoot only for a numeric user; $APP_UID is the aspnet image's 1654.
        Assert.Matches(@"^([0-9]+|\$APP_UID|\$\{APP_UID\})$", user);
    }

    [Fact]
    public void RuntimeStageInstallsTheLibrariesLibrdkafkaAndTlsNeed()
    {
        var installs = string.Join(' ', _dockerfile.Final.All("RUN")
            .Where(r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal))
            .SelectMany(r => r.Words));

        Assert.Matches(@"\blibsasl2-2\b", installs);
        Assert.Matches(@"\bca-certificates\b", installs);
    }

    private string? PublishDirectory()
    {
        var run = Build.All("RUN").Single(r => Runs(r, "dotnet publish")).Arguments;

        // Only the publish command's own options: a RUN may chain other commands (find's -o is not --output).
        var command = run[run.IndexOf("dotnet publish", StringComparison.Ordinal)..].Split("&&")[0];
        var output = PublishOutput().Match(command);
        return output.Success ? output.Groups["dir"].Value.TrimEnd('/') : null;
    }

    private IReadOnlyDictionary<string, string> RuntimeEnvironment() =>
        _dockerfile.Final.All("ENV")
            .SelectMany(e => e.EnvVariables())
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.Last().Value);

    private static bool Runs(DockerInstruction run, string command) =>
        run.Arguments.Contains(command, StringComparison.Ordinal);

    /// <summary>The sources of a COPY or ADD: every word but the flags and the last (the destination).</summary>
    private static IEnumerable<string> Sources(DockerInstruction copy)
    {
        var words = copy.Words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        return words.Take(words.Count - 1);
    }

    [GeneratedRegex(@"(?<=\s)(-o|--output)(\s+|=)(?<dir>\S+)")]
    private static partial Regex PublishOutput();
}
