namespace DualRobot.Tests.Benchmarks;

/// <summary>
/// The harness's modes of one subject still run end to end in smoke mode: <c>--recorder-only</c> (drive with the
/// recorder on vs off in the same run, and the store's growth) and <c>--envelope-only</c> (a motion command's cost with
/// 20 keep-out zones, none and no envelope, in one process), <c>--scale-out-only</c> (the fan-out from one console vs
/// two, every state at every viewer), <c>--shards-only</c> (64 robots over two api instances vs one, through the
/// console), <c>--redis-only</c> (a console on Redis vs on files; no Redis command per drive, counted at
/// redis-server) and <c>--groups-only</c> (a group command beside one robot's). No timing is asserted (a smoke run's figures mean nothing,
/// and the machine is shared); the bound is a hang guard.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public class BenchmarkModeSmokeTests
{
    public static TheoryData<string, string[], string> Modes => new()
    {
        {
            "--recorder-only",
            [
                "| Drive, recorder off |",
                "| Drive, recorder on |",
                "| Drive p99, recorder on vs off (same run) | within 5 % |",
                "| Drive throughput, recorder on vs off (same run) | within 5 % |",
            ],
            @"\| Recorder store growth \|.* [0-9.]+ MB per robot-hour \|"
        },
        {
            "--envelope-only",
            [
                "| Velocity, no envelope |",
                "| Velocity, envelope, no zones |",
                "| Velocity, envelope, 20 zones |",
                "| Path check alone, 20 zones (2 within reach) |",
            ],
            @"Target: the envelope adds ≤ 20 µs at p50 per motion command with 20 zones \(same run\) — measured -?[0-9.]+ µs"
        },
        {
            "--groups-only",
            ["| Velocity, one robot |", "| Velocity, group all, together |", "| Velocity, group all, mirror |"],
            @"\| Group command p99 vs one robot's \(same run\) \| within 1.5× \| [0-9,]+ µs vs [0-9,]+ µs"
        },
        {
            "--scale-out-only",
            ["## Fan-out over console replicas (20 viewers)", "| one console | 1 |", "| two consoles | 1 |"],
            @"\| two consoles \| 1 \| .* \| [0-9]+ states × 20 viewers, 0 missing, 0 out of order \|"
        },
        {
            "--shards-only",
            ["## 64 robots over two api instances vs one", "| one api, 64 robots | drive on the console's command socket", "| two api instances, 32 + 32 robots | drive on the console's command socket"],
            @"Two instances against one, through the console: drive p50 [-+0-9.,]+ %"
        },
        {
            // Issue 32's target holds by count, not time: a motion command costs the Redis console no Redis command.
            "--redis-only",
            ["## The Redis hop: a console on Redis vs the same console on files", "| Redis | sign-in: POST /Account/SignIn", "| files | sign-in: POST /Account/SignIn"],
            @"Redis commands per drive \(over [0-9]+, socket and HTTP\): none\."
        },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Mode_SmokeRun_ExitsZero_AndReportsItsRows(string mode, string[] rows, string measured)
    {
        var result = await BenchmarkHarness.RunAsync(["--smoke", mode], TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(rows, row => Assert.Contains(row, result.StandardOutput));
        Assert.Matches(measured, result.StandardOutput);
    }
}
