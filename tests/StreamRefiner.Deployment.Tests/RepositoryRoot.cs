namespace StreamRefiner.Deployment.Tests;

/// <summary>
/// The checkout the tests read: the nearest directory above the test binaries that holds StreamRefiner.sln.
/// </summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "StreamRefiner.sln";

    private static readonly Lazy<string> _fullPath = new(Locate);

    public static string FullPath => _fullPath.Value;

    /// <summary>A path inside the repository, from its parts (e.g. "k8s", "deployment.yaml").</summary>
    public static string Combine(params string[] parts) => Path.Combine([FullPath, .. parts]);

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
             directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"no {SolutionFile} in {AppContext.BaseDirectory} or any directory above it");
    }
}
