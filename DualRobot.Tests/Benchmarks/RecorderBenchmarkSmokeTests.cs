namespace DualRobot.Tests.Benchmarks;

/// <summary>
/// The recorder's benchmark mode (<c>--recorder-only</c>: drive with the recorder on vs off in the same run, and the
/// store's growth) still runs end to end in smoke mode. No timing is asserted; the bound is a hang guard.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public class RecorderBenchmarkSmokeTests
{
    [Fact]
    public async Task RecorderOnly_SmokeRun_ComparesOnWithOff_AndReportsStoreGrowth()
    {
        var dll = Path.Combine(RepositoryPaths.BuildOutput("DualRobot.Benchmarks"), "DualRobot.Benchmarks.dll");
        var output = Path.Combine(Path.GetTempPath(), $"bench-recorder-{Guid.NewGuid():N}.md");
        try
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
            var result = await ProcessRunner.RunAsync(host, [dll, "--smoke", "--recorder-only", "--out", output], timeout: TimeSpan.FromMinutes(5));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("| Drive, recorder off |", result.StandardOutput);
            Assert.Contains("| Drive, recorder on |", result.StandardOutput);
            Assert.Contains("| Drive p99, recorder on vs off (same run) | within 5 % |", result.StandardOutput);
            Assert.Contains("| Drive throughput, recorder on vs off (same run) | within 5 % |", result.StandardOutput);
            Assert.Matches(@"\| Recorder store growth \|.* [0-9.]+ MB per robot-hour \|", result.StandardOutput);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
