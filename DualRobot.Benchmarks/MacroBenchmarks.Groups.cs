using System.Text;

namespace DualRobot.Benchmarks;

/// <summary>
/// <c>--groups-only</c>: what moving a group costs beside moving one robot (issue 33). One 2-robot api, Simulated; in
/// every round, paced velocity commands to Linus alone, then to the group <c>all</c> (both robots, together), then
/// mirrored, the order alternating; the target is the group's p99 within 1.5× the single robot's.
/// </summary>
public sealed partial class MacroBenchmarks
{
    private const double GroupP99Limit = 1.5;

    private static readonly byte[] GroupArcForward = Encoding.UTF8.GetBytes("""{"mode":"together","linear":0.6,"angular":0.2,"leaseMs":2000}""");
    private static readonly byte[] GroupArcBackward = Encoding.UTF8.GetBytes("""{"mode":"together","linear":-0.6,"angular":0.2,"leaseMs":2000}""");
    private static readonly byte[] MirrorArcForward = Encoding.UTF8.GetBytes("""{"mode":"mirror","linear":0.6,"angular":0.2,"leaseMs":2000}""");
    private static readonly byte[] MirrorArcBackward = Encoding.UTF8.GetBytes("""{"mode":"mirror","linear":-0.6,"angular":0.2,"leaseMs":2000}""");

    private async Task<string> RunGroupsOnlyAsync(string apiDll)
    {
        Log("group vs one robot: one 2-robot api, Simulated");
        await using var api = await ServiceProcess.StartAsync(apiDll, [], ApiEnvironment(), "/health", StartTimeout);
        using var http = CreateClient(api.BaseAddress);
        var stopGroup = async () =>
        {
            await Send(http, HttpMethod.Post, "groups/all/drive", Stop);
            await Task.Delay(100);
        };
        var measures = new (string Name, Func<int, Task> Command, Func<Task> After)[]
        {
            ("one", i => Velocity(http, Robot, i), StopAll(http, [Robot])),
            ("together", i => Send(http, HttpMethod.Post, "groups/all/velocity", i % 2 == 0 ? GroupArcForward : GroupArcBackward), stopGroup),
            ("mirror", i => Send(http, HttpMethod.Post, "groups/all/velocity", i % 2 == 0 ? MirrorArcForward : MirrorArcBackward), stopGroup),
        };

        foreach (var (_, command, after) in measures)
        {
            Load.Paced(Rate * 2, settings.WarmupCount, command);
            await after();
        }

        await SettleAsync([api]);
        var samples = measures.ToDictionary(m => m.Name, _ => (Latency: new List<double>(), Elapsed: TimeSpan.Zero, Cpu: TimeSpan.Zero));
        var perSlice = Math.Max(1, settings.PacedCount / Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (name, command, after) in round % 2 == 0 ? measures : measures.Reverse())
            {
                var cpu = api.CpuTime();
                var paced = Load.Paced(Rate, perSlice, command);
                var spent = api.CpuTime() - cpu;
                await after();
                var s = samples[name];
                s.Latency.AddRange(paced.Samples);
                samples[name] = (s.Latency, s.Elapsed + paced.Elapsed, s.Cpu + spent);
            }
        }

        var stats = samples.ToDictionary(s => s.Key, s => new LatencyStats(s.Value.Latency, s.Value.Elapsed));
        string Cpu(string name) => $"server CPU {samples[name].Cpu.TotalMicroseconds / Math.Max(1, samples[name].Latency.Count):N0} µs/op";
        var one = stats["one"];
        _rows.Add(new Row("Velocity, one robot", "2 robots, Simulated, POST /robots/Linus/velocity, 1 client paced 500/s", one, RateText(one), Cpu("one"),
            "(is the baseline of the next rows)"));
        foreach (var (name, setting) in new[] { ("together", "both robots, the same arc"), ("mirror", "both robots, the second one's arc mirrored") })
        {
            _rows.Add(new Row($"Velocity, group all, {name}", $"POST /groups/all/velocity, {setting}, 1 client paced 500/s", stats[name], RateText(stats[name]), Cpu(name),
                $"one robot: p50 {Us(one.P50)}, p99 {Us(one.P99)}"));
        }

        var ratio = stats["together"].P99 / one.P99;
        _targets.Add(new Target("Group command p99 vs one robot's (same run)", $"within {GroupP99Limit}×",
            $"{Us(stats["together"].P99)} vs {Us(one.P99)} ({ratio:0.00}×)", ratio <= GroupP99Limit));
        return Render();
    }
}
