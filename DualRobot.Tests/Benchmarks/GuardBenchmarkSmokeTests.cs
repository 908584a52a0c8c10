using DualRobot.Tests.Support;

namespace DualRobot.Tests.Benchmarks;

/// <summary>
/// CI's regression guard (<c>--guard</c>: drive against the api's trivial endpoint, a throughput ratio) runs end to end
/// and its exit code follows its verdict. Smoke runs with floors no run can miss or meet, so no timing is asserted;
/// the bound is a hang guard.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public class GuardBenchmarkSmokeTests
{
    [Theory]
    [InlineData("0", 0, "PASSED")]
    [InlineData("1000", 1, "FAILED")]
    public async Task Guard_ExitCodeFollowsTheRatioAgainstItsFloor(string floor, int exitCode, string verdict)
    {
        var dll = Path.Combine(RepositoryPaths.BuildOutput("DualRobot.Benchmarks"), "DualRobot.Benchmarks.dll");
        var output = Path.Combine(Path.GetTempPath(), $"bench-guard-{Guid.NewGuid():N}.md");
        try
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
            var result = await ProcessRunner.RunAsync(host, [dll, "--smoke", "--guard", "--guard-floor", floor, "--out", output], timeout: TimeSpan.FromMinutes(5));

            Assert.True(result.ExitCode == exitCode, result.ToString());
            Assert.Contains("| Trivial endpoint GET /trivial, same api |", result.StandardOutput);
            Assert.Contains("| Drive, Simulated |", result.StandardOutput);
            Assert.Matches($@"Guard: drive / trivial throughput, median of 2 pairs [0-9.]+ \(floor {floor}\): {verdict}", result.StandardOutput);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
