using System.Globalization;
using System.Text.RegularExpressions;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Benchmarks;

/// <summary>
/// CI's regression guard (<c>--guard</c>: drive against the api's trivial endpoint, a throughput ratio) runs end to end
/// and its exit code follows its verdict. Smoke runs with floors no run can miss or meet, or a drive slowed far past
/// anything noise does, so no timing of ours is asserted; the bound is a hang guard.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public partial class GuardBenchmarkSmokeTests
{
    [Theory]
    [InlineData("0", 0, "PASSED")]
    [InlineData("1000", 1, "FAILED")]
    public async Task Guard_ExitCodeFollowsTheRatioAgainstItsFloor(string floor, int exitCode, string verdict)
    {
        var result = await RunGuardAsync(floor);

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains("| Trivial endpoint GET /trivial, same api |", result.StandardOutput);
        Assert.Contains("| Drive, Simulated |", result.StandardOutput);
        Assert.Matches($@"Guard: drive / trivial throughput, median of 2 pairs [0-9.]+ \(floor {floor}\): {verdict}", result.StandardOutput);
        Assert.Matches(@"Guard: drive p99 [0-9.]+× the trivial p99", result.StandardOutput);
        if (exitCode != 0)
        {
            // A ratio under the floor is measured once more before the guard fails.
            Assert.Contains("(first round; measuring once more)", result.StandardError);
        }
    }

    [Fact]
    public async Task Guard_FailsAtCisFloor_WhenEveryDriveIsSlowedByFiveMillisecondsOfCpu()
    {
        // The floor .ci/test gives the guard; 5 ms of busy CPU per drive (about forty times what a drive costs) is
        // a regression no load on the machine can hide.
        var ciFloor = CiFloor().Match(File.ReadAllText(RepositoryPaths.Combine(".ci", "test"))).Groups[1].Value;
        Assert.True(double.TryParse(ciFloor, CultureInfo.InvariantCulture, out _), "the guard's floor in .ci/test");

        var result = await RunGuardAsync(ciFloor,
            "--api-env", "Benchmarks__SlowPath=/robots/Linus/drive", "--api-env", "Benchmarks__SlowPathMicroseconds=5000");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches($@"Guard: drive / trivial throughput, median of 2 pairs [0-9.]+ \(floor {Regex.Escape(ciFloor)}\): FAILED", result.StandardOutput);
    }

    private static async Task<ProcessResult> RunGuardAsync(string floor, params string[] extra)
    {
        var dll = Path.Combine(RepositoryPaths.BuildOutput("DualRobot.Benchmarks"), "DualRobot.Benchmarks.dll");
        var output = Path.Combine(Path.GetTempPath(), $"bench-guard-{Guid.NewGuid():N}.md");
        try
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
            return await ProcessRunner.RunAsync(host, [dll, "--smoke", "--guard", "--guard-floor", floor, "--out", output, .. extra], timeout: TimeSpan.FromMinutes(5));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [GeneratedRegex(@"DUALROBOT_GUARD_FLOOR:-([0-9.]+)")]
    private static partial Regex CiFloor();
}
