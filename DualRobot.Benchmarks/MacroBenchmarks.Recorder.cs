using System.Globalization;
using System.Text.RegularExpressions;
using DualRobot.Api.Recording;

namespace DualRobot.Benchmarks;

/// <summary>
/// <c>--recorder-only</c>: what the flight recorder costs a command. Two identical 2-robot apis in the same run, one
/// with <c>Recording:Enabled=false</c>; paced drive latency and closed-loop throughput interleaved over them in rounds
/// (the order alternating), then the recording api's store growth with both robots driven by a stick's 20 velocity
/// commands a second each, extrapolated to a robot-hour from the store's real bytes.
/// </summary>
public sealed partial class MacroBenchmarks
{
    private const double RecorderTolerance = 0.05;

    private TimeSpan GrowthDuration => settings.Mode switch
    {
        "smoke" => TimeSpan.FromSeconds(1),
        "quick" => TimeSpan.FromSeconds(20),
        _ => TimeSpan.FromSeconds(60),
    };

    private async Task<string> RunRecorderOnlyAsync(string apiDll)
    {
        Log("recorder on vs off: two 2-robot apis, Simulated");
        var offEnvironment = ApiEnvironment();
        offEnvironment["Recording__Enabled"] = "false";
        var onEnvironment = ApiEnvironment();
        await using var off = await ServiceProcess.StartAsync(apiDll, [], offEnvironment, "/health", StartTimeout);
        await using var on = await ServiceProcess.StartAsync(apiDll, [], onEnvironment, "/health", StartTimeout);
        using var offHttp = CreateClient(off.BaseAddress);
        using var onHttp = CreateClient(on.BaseAddress);
        var apis = new[] { (Name: "off", Http: offHttp, Process: off), (Name: "on", Http: onHttp, Process: on) };

        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var api in apis)
            {
                Load.Paced(Rate * 2, settings.WarmupCount, i => Drive(api.Http, Robot, i));
                await StopAll(api.Http, [Robot])();
            }

            await SettleAsync([off, on]);
        }

        var samples = apis.ToDictionary(a => a.Name, _ => (Latency: new List<double>(), Elapsed: TimeSpan.Zero, Cpu: TimeSpan.Zero, Done: 0L, Seconds: 0.0));
        var perSlice = Math.Max(1, settings.PacedCount / Rounds);
        var slice = settings.ThroughputDuration / Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            // Alternating which goes first, so neither always follows the other's load.
            foreach (var api in round % 2 == 0 ? apis : apis.Reverse())
            {
                var cpu = api.Process.CpuTime();
                var paced = Load.Paced(Rate, perSlice, i => Drive(api.Http, Robot, i));
                await StopAll(api.Http, [Robot])();
                var (_, done) = await Load.ClosedLoopAsync(Clients, slice, (_, k) => Drive(api.Http, Robot, (int)(k % 2)));
                await StopAll(api.Http, [Robot])();
                var s = samples[api.Name];
                s.Latency.AddRange(paced.Samples);
                samples[api.Name] = (s.Latency, s.Elapsed + paced.Elapsed, s.Cpu + (api.Process.CpuTime() - cpu), s.Done + done, s.Seconds + slice.TotalSeconds);
            }
        }

        var stats = samples.ToDictionary(s => s.Key, s => new LatencyStats(s.Value.Latency, s.Value.Elapsed));
        double Throughput(string name) => samples[name].Done / samples[name].Seconds;
        string Cpu(string name) => $"server CPU {samples[name].Cpu.TotalMicroseconds / Math.Max(1, samples[name].Latency.Count + samples[name].Done):N0} µs/op";
        foreach (var (name, setting) in new[] { ("off", "Recording:Enabled=false"), ("on", "recorder on (default)") })
        {
            _rows.Add(new Row($"Drive, recorder {name}", $"2 robots, Simulated, {setting}, 1 client paced 500/s", stats[name], RateText(stats[name]), Cpu(name),
                name == "off" ? "(is the baseline of the next row)" : $"off: p50 {Us(stats["off"].P50)}, p99 {Us(stats["off"].P99)}"));
            _rows.Add(new Row($"Drive throughput, recorder {name}", $"closed loop, {Clients} clients, one robot", null, $"{Throughput(name):N0}/s",
                $"n={samples[name].Done:N0}", name == "off" ? "" : $"off: {Throughput("off"):N0}/s"));
        }

        var p99 = stats["on"].P99 / stats["off"].P99;
        var throughput = Throughput("on") / Throughput("off");
        _targets.Add(new Target("Drive p99, recorder on vs off (same run)", "within 5 %",
            $"{Us(stats["on"].P99)} vs {Us(stats["off"].P99)} ({Signed(p99)})", p99 <= 1 + RecorderTolerance));
        _targets.Add(new Target("Drive throughput, recorder on vs off (same run)", "within 5 %",
            $"{Throughput("on"):N0}/s vs {Throughput("off"):N0}/s ({Signed(throughput)})", throughput >= 1 - RecorderTolerance));

        await MeasureStoreGrowthAsync(onHttp, onEnvironment["Audit__Path"]);
        return Render();
    }

    /// <summary>Both robots of the recording api driven like a stick (20 velocity commands a second each) in real time.</summary>
    private async Task MeasureStoreGrowthAsync(HttpClient http, string auditPath)
    {
        var store = new RecordingStore(new RecordingDatabase(new RecordingOptions().ResolvePath(RepoLayout.Root(), auditPath)));
        await WaitRecordedAsync(http);
        var before = store.UsedBytes();
        string[] robots = ["Linus", "Torvalds"];
        var count = (int)(GrowthDuration.TotalSeconds * 20 * robots.Length);
        Log($"store growth: {robots.Length} robots × 20 velocity commands/s for {GrowthDuration.TotalSeconds:0} s");
        var driven = Load.Paced(20 * robots.Length, count, i => Velocity(http, robots[i % robots.Length], i / robots.Length));
        await StopAll(http, robots)();
        await WaitRecordedAsync(http);
        var bytes = store.UsedBytes() - before;
        var perRobotHour = bytes / (robots.Length * driven.Elapsed.TotalHours) / 1e6;
        _rows.Add(new Row("Recorder store growth", $"{robots.Length} robots, 20 velocity commands/s each, {driven.Elapsed.TotalSeconds:0.0} s", null, "",
            string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes, {bytes / (double)count:0} per command (its state and event)"),
            string.Create(CultureInfo.InvariantCulture, $"{perRobotHour:0.0} MB per robot-hour")));
        _targets.Add(new Target("Recorder store growth per robot-hour, stick driving", "reported (docs: ≤ 40 MB)",
            string.Create(CultureInfo.InvariantCulture, $"{perRobotHour:0.0} MB"), null));
    }

    /// <summary>Until the recorder's writer has written everything queued: its written count stops moving.</summary>
    private static async Task WaitRecordedAsync(HttpClient http)
    {
        var last = -1.0;
        for (var tries = 0; tries < 100; tries++)
        {
            var match = RecorderWrittenRegex().Match(await http.GetStringAsync("metrics"));
            var written = match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            if (written == last)
            {
                return;
            }

            last = written;
            await Task.Delay(300);
        }
    }

    [GeneratedRegex("^" + RecordingMetrics.EntriesWrittenTotal + @"\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex RecorderWrittenRegex();
}
