namespace DualRobot.TestSupport;

/// <summary>The repository the tests run from: the folder holding DualRobot.sln above the test output.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DualRobot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"DualRobot.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A project's own bin folder in the configuration the tests were built in.</summary>
    public static string BuildOutput(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Combine(project, "bin", configuration, "net10.0");
    }
}
