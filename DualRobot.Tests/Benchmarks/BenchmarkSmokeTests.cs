using DualRobot.Tests.Support;

namespace DualRobot.Tests.Benchmarks;

/// <summary>
/// The performance harness (DualRobot.Benchmarks) still runs end to end: <c>--smoke</c> does a handful of commands per
/// measure against the real api and frontend builds as child processes (and headless Chromium for input to pin). No
/// timing is asserted here; the 5-minute bound is a hang guard.
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
            // The browser measure runs the Chromium the browser tests use; without one the harness says "not measured".
            var chromium = Tools.Check(Tools.Chromium).Path;
            var environment = new Dictionary<string, string?> { ["BENCH_CHROMIUM"] = chromium ?? "/nonexistent/chromium" };
            var result = await ProcessRunner.RunAsync(host, [dll, "--smoke", "--out", output], environment, TimeSpan.FromMinutes(5));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("| Measure | Setting | p50 µs | p90 µs | p99 µs | max µs |", result.StandardOutput);
            Assert.Contains("| Target | Goal | Measured | Met |", result.StandardOutput);
            Assert.Contains("| Fan-out, 10 viewers of one frontend: api → last viewer |", result.StandardOutput);
            Assert.Contains("| 128 robots moving, 10 viewers: api → last viewer |", result.StandardOutput);
            if (chromium is not null)
            {
                Assert.Contains("| Input to pin, key press → forward |", result.StandardOutput);
                Assert.Contains("| Input to pin, pointer press → forward |", result.StandardOutput);
                Assert.Contains("| Input to pin over HTTPS (HTTP/2), key press → forward |", result.StandardOutput);
                Assert.Contains("| Console exit after SIGTERM, an operator's page open |", result.StandardOutput);
            }
            Assert.True(File.Exists(output), "The results file was not written.");
        }
        finally
        {
            File.Delete(output);
        }
    }
}
