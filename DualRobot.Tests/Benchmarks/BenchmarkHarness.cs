namespace DualRobot.Tests.Benchmarks;

/// <summary>The benchmark harness's build (a ProjectReference of the tests), run as a child process in one of its modes.</summary>
internal static class BenchmarkHarness
{
    /// <summary>Runs it with <paramref name="arguments"/>, its results file in a temporary place removed afterwards.</summary>
    public static async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var dll = Path.Combine(RepositoryPaths.BuildOutput("DualRobot.Benchmarks"), "DualRobot.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"The benchmark build is missing: {dll} (the test project builds it through a ProjectReference).");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var output = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.md");
        try
        {
            return await ProcessRunner.RunAsync(host, [dll, .. arguments, "--out", output], environment, timeout);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
