using DualRobot.Tests.Support;

namespace DualRobot.Tests.Benchmarks;

/// <summary>
/// The performance harness (DualRobot.Benchmarks) still runs end to end: <c>--smoke</c> does a handful of commands per
/// measure against the real api and frontend builds as child processes. No timing is asserted here.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public class BenchmarkSmokeTests
{
    [Fact]
    public async Task Smoke_run_exits_zero_and_prints_the_results_table()
    {
        var dll = Path.Combine(RepositoryPaths.BuildOutput("DualRobot.Benchmarks"), "DualRobot.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"The benchmark build is missing: {dll} (the test project builds it through a ProjectReference).");
        var output = Path.Combine(Path.GetTempPath(), $"bench-smoke-{Guid.NewGuid():N}.md");
        try
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
            var result = await ProcessRunner.RunAsync(host, [dll, "--smoke", "--out", output], timeout: TimeSpan.FromMinutes(3));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("| Measure | Setting | p50 µs | p90 µs | p99 µs | max µs |", result.StandardOutput);
            Assert.Contains("| Target | Goal | Measured | Met |", result.StandardOutput);
            Assert.True(File.Exists(output), "The results file was not written.");
        }
        finally
        {
            File.Delete(output);
        }
    }
}
