using System.Diagnostics;
using System.Globalization;
using System.Text;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;
using DualRobot.Api.Safety;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace DualRobot.Benchmarks;

/// <summary>
/// <c>--envelope-only</c>: what the safety envelope adds to a motion command, in process and in one run. The same
/// velocity commands go through the whole pipeline (admission, gate, pin write, state) of three simulated robots,
/// interleaved in rounds whose order rotates: one without an envelope, one with the envelope and no zones (its caps
/// and the arena's edge), one among 20 zones, two of them within reach of every path (so every command walks its path
/// near them) and 18 further off (ruled out by their bounding boxes). Then the path check alone, and the bytes each
/// command allocates.
/// </summary>
public static class EnvelopeBenchmarks
{
    public const double TargetMicroseconds = 20;

    private const int Zones = 20;

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var commands = settings.Mode switch { "smoke" => 300, "quick" => 30_000, _ => 300_000 };
        var rounds = settings.Smoke ? 2 : 10;
        var directory = Path.Combine(Path.GetTempPath(), $"dualrobot-bench-envelope-{Guid.NewGuid():N}");
        try
        {
            var metrics = new RobotMetrics(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry()));
            var store = new SafetyStore(Path.Combine(directory, "safety.db"));
            var ringed = Options(Ring());
            using var plain = await StartAsync("Plain", null, metrics);
            using var arena = await StartAsync("Arena", Envelope(new SafetyOptions(), store), metrics);
            using var zoned = await StartAsync("Zoned", Envelope(ringed, store), metrics);
            var robots = new[] { (Name: "no envelope", Robot: plain), (Name: "envelope, no zones", Robot: arena), (Name: $"envelope, {Zones} zones", Robot: zoned) };

            // Warm-up: every path JIT-compiled (and tiered up) before anything is timed.
            foreach (var (_, robot) in robots)
            {
                await DriveAsync(robot, Math.Max(200, commands / 10), new List<double>());
            }

            var samples = robots.ToDictionary(r => r.Name, _ => (Latency: new List<double>(commands), Bytes: 0L, Elapsed: TimeSpan.Zero));
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, robot) in robots.Skip(round % robots.Length).Concat(robots.Take(round % robots.Length)))
                {
                    var s = samples[name];
                    var bytes = GC.GetAllocatedBytesForCurrentThread();
                    var started = Stopwatch.GetTimestamp();
                    await DriveAsync(robot, commands / rounds, s.Latency);
                    samples[name] = (s.Latency, s.Bytes + (GC.GetAllocatedBytesForCurrentThread() - bytes), s.Elapsed + Stopwatch.GetElapsedTime(started));
                }
            }

            var check = PathCheck(store, ringed, commands);
            return Render(samples.ToDictionary(s => s.Key, s => (new LatencyStats(s.Value.Latency, s.Value.Elapsed), s.Value.Bytes / (double)s.Value.Latency.Count)), check, robots.Select(r => r.Name).ToArray());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        static SafetyOptions Options(IEnumerable<KeyValuePair<string, ZoneOptions>> zones)
        {
            var options = new SafetyOptions();
            foreach (var (name, zone) in zones)
            {
                options.Zones[name] = zone;
            }

            return options;
        }

        static RobotSafety Envelope(SafetyOptions options, SafetyStore store) => RobotSafety.Create(options, store, TimeProvider.System, NullLogger<ZoneCatalog>.Instance);
    }

    /// <summary>
    /// Two small zones 0.15 m either side of the start, within reach of every command's path (0.1 m, and the 0.1 m
    /// margin) yet clear of it; 18 more on a ring 1–1.8 m out.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, ZoneOptions>> Ring()
    {
        yield return Zone("Near left", -0.1, 0.15, 0.1, 0.35);
        yield return Zone("Near right", -0.1, -0.35, 0.1, -0.15);
        for (var i = 0; i < Zones - 2; i++)
        {
            var (angle, distance) = (i * 2 * Math.PI / (Zones - 2), 1 + (0.8 * (i % 2)));
            var (x, y) = (distance * Math.Cos(angle), distance * Math.Sin(angle));
            yield return Zone($"Ring {i}", x - 0.1, y - 0.1, x + 0.1, y + 0.1);
        }

        static KeyValuePair<string, ZoneOptions> Zone(string name, double minX, double minY, double maxX, double maxY) =>
            new(name, new ZoneOptions { Rectangle = new ZoneRectangle(minX, minY, maxX, maxY) });
    }

    private static async Task<Robot> StartAsync(string name, RobotSafety? safety, RobotMetrics metrics)
    {
        var robot = new Robot(name, new RobotOptions
        {
            LeftMotor = new MotorPinOptions { Forward = 13, Backward = 21, Enable = 12 },
            RightMotor = new MotorPinOptions { Forward = 17, Backward = 27, Enable = 26 },
            Eye = 16,
        }, new SimulatedGpioBackend(), new ControlOptions { MaxCommandsPerSecond = 0 }, new EmergencyStopLatch(TimeProvider.System),
            new RobotEventHub(), metrics, TimeProvider.System, NullLogger.Instance, safety: safety);
        await robot.StartAsync();
        return robot;
    }

    /// <summary>
    /// Velocity commands on arcs forward and backward in turn, 500 ms leases, from the start (the pose is put back there
    /// first, untimed): the robot barely leaves it. Ends with a stop.
    /// </summary>
    private static async Task DriveAsync(Robot robot, int count, List<double> samples)
    {
        var lease = TimeSpan.FromMilliseconds(500);
        await robot.ResetPoseAsync();
        for (var i = 0; i < count; i++)
        {
            var sides = SideValues.Mix(i % 2 == 0 ? 0.5 : -0.5, 0.3);
            var started = Stopwatch.GetTimestamp();
            var result = await robot.VelocityAsync(sides, null, lease);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            // Held back at a zone (the pose drifts while a slice runs) is a command measured like any other.
            if (!result.IsAccepted && result.Status != CommandStatus.KeepOut)
            {
                throw new InvalidOperationException($"{robot.Name}: {result.Status} {result.Detail}");
            }
        }

        await robot.StopAsync();
    }

    /// <summary>The envelope's path check by itself, from the start, with the 20 zones.</summary>
    private static LatencyStats PathCheck(SafetyStore store, SafetyOptions options, int count)
    {
        var areas = RobotSafety.Create(options, store, TimeProvider.System, NullLogger<ZoneCatalog>.Instance).Zones.Current.Areas;
        var samples = new double[count];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var query = i % 2 == 0
                ? new PathQuery(Pose.Start, 0.08, 0.32, 0.15, 0.5, new Arena(4, 4), options.MarginMeters)
                : new PathQuery(Pose.Start, -0.32, -0.08, 0.15, 0.5, new Arena(4, 4), options.MarginMeters);
            var start = Stopwatch.GetTimestamp();
            _ = PathClearance.FreeSeconds(query, areas, out _);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return new LatencyStats(samples, Stopwatch.GetElapsedTime(started));
    }

    private static string Render(Dictionary<string, (LatencyStats Stats, double Bytes)> results, LatencyStats check, string[] order)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Safety envelope");
        sb.AppendLine();
        sb.AppendLine("Velocity commands (500 ms leases, arcs forward and backward in turn) through the whole pipeline of three simulated robots in");
        sb.AppendLine("one process, interleaved in rounds: the cost the envelope adds is the difference between the rows.");
        sb.AppendLine();
        sb.AppendLine("| Envelope measure | Commands | p50 µs | p90 µs | p99 µs | max µs | bytes/command |");
        sb.AppendLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (var name in order)
        {
            var (stats, bytes) = results[name];
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| Velocity, {name} | {stats.Count:N0} | {stats.P50:0.00} | {stats.P90:0.00} | {stats.P99:0.00} | {stats.Max:0.0} | {bytes:0} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| Path check alone, {Zones} zones (2 within reach) | {check.Count:N0} | {check.P50:0.00} | {check.P90:0.00} | {check.P99:0.00} | {check.Max:0.0} | |");
        sb.AppendLine();
        var added = results[order[^1]].Stats.P50 - results[order[0]].Stats.P50;
        var addedBytes = results[order[^1]].Bytes - results[order[0]].Bytes;
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Target: the envelope adds ≤ {TargetMicroseconds:0} µs at p50 per motion command with {Zones} zones (same run) — measured {added:0.00} µs "
            + $"({addedBytes:0} bytes allocated more per command): {(added <= TargetMicroseconds ? "met" : "NOT met")}.");
        return sb.ToString();
    }
}
