using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;
using DualRobot.Api.Safety;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Safety;

/// <summary>
/// A property of the envelope, over 1,000 seeded random command sequences on a simulated robot (Linus with enable
/// pins, Torvalds without, in turn) among random keep-out zones, rectangles and polygons, some concave: whatever is
/// sent (drives, velocities, tank commands, heartbeats, stops, any lease, any pause), no pose, looked at every 10 ms,
/// ever enters a zone or leaves the arena, nor comes within the margin of either by more than 1 cm. A failure names
/// its seed, so it can be run again alone.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class EnvelopePropertyTests : IDisposable
{
    private const int Sequences = 1000;
    private const double Tolerance = 0.01;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"envelope-{Guid.NewGuid():N}");
    private readonly RobotMetrics _metrics = new();

    [Fact]
    public async Task RandomCommandSequences_NeverEnterAZone_NorLeaveTheArena()
    {
        var store = new SafetyStore(Path.Combine(_directory, "safety.db"));
        var held = 0;
        for (var seed = 0; seed < Sequences; seed++)
        {
            held += await RunAsync(seed, store) ? 1 : 0;
        }

        // The sequences did drive into the envelope's limits, not only around them.
        Assert.True(held > Sequences / 4, $"the envelope held back a command in only {held} of {Sequences} sequences");
    }

    /// <returns>Whether the envelope refused or cut short a command of the sequence.</returns>
    private async Task<bool> RunAsync(int seed, SafetyStore store)
    {
        var random = new Random(seed);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (name, options) = seed % 2 == 0 ? ("Linus", Linus()) : ("Torvalds", Torvalds());
        var arena = new Arena(Uniform(random, 1.5, 4), Uniform(random, 1.5, 4));
        options.Kinematics.ArenaMeters = new ArenaOptions { Width = arena.Width, Height = arena.Height };
        var zones = RandomZones(random, arena);
        var safety = new SafetyOptions();
        foreach (var (zoneName, zone) in zones)
        {
            safety.Zones[zoneName] = zone;
        }

        using var robot = new Robot(name, options, new SimulatedGpioBackend(), new ControlOptions { MaxCommandsPerSecond = 0 },
            new EmergencyStopLatch(time), new RobotEventHub(), _metrics, time, NullLogger.Instance,
            safety: RobotSafety.Create(safety, store, time, NullLogger<ZoneCatalog>.Instance));
        await robot.StartAsync();
        var areas = zones.Select(z => new KeepOutArea(new KeepOutZone(z.Name, null, z.Zone.Rectangle, z.Zone.Polygon, ZoneSource.Configuration))).ToArray();
        var held = false;
        for (var command = 0; command < 12; command++)
        {
            var lease = TimeSpan.FromMilliseconds(random.Next(50, 2001));
            var result = random.Next(6) switch
            {
                0 => await robot.VelocityAsync(SideValues.Mix(Signed(random), Signed(random)), null, lease),
                1 => await robot.VelocityAsync(new SideValues(Signed(random), Signed(random)), null, lease),
                2 => await robot.DriveAsync((Direction)random.Next(1, 5), options.HasSpeedControl ? random.NextDouble() : null, lease),
                3 or 4 => await robot.HeartbeatAsync(lease),
                _ => await robot.StopAsync(),
            };
            held |= result.Status == CommandStatus.KeepOut || result.State.Envelope!.Limit is EnvelopeLimit.KeepOut or EnvelopeLimit.Arena;
            Assert.True(result.IsAccepted || result.Status == CommandStatus.KeepOut, $"seed {seed}: {result.Status} {result.Detail}");

            // Often within the lease, so heartbeats renew a motion rather than find it stopped.
            for (var steps = random.Next(0, (int)(lease.TotalMilliseconds / 10) + 30); steps > 0; steps--)
            {
                time.Advance(Step);
                Check(seed, command, robot.GetState().Pose, arena, areas, safety.MarginMeters);
            }
        }

        return held;
    }

    private static void Check(int seed, int command, Pose pose, Arena arena, KeepOutArea[] areas, double margin)
    {
        Assert.True(Math.Abs(pose.X) <= arena.Width / 2 && Math.Abs(pose.Y) <= arena.Height / 2, $"seed {seed}, command {command}: {pose} left the arena");
        var toWall = arena.Clearance(pose.X, pose.Y);
        Assert.True(toWall >= margin - Tolerance, $"seed {seed}, command {command}: {pose} is {toWall:0.0000} m from the arena's edge");
        foreach (var area in areas)
        {
            var clearance = area.SignedDistance(pose.X, pose.Y);
            Assert.True(clearance > 0, $"seed {seed}, command {command}: {pose} entered {area.Name}");
            Assert.True(clearance >= margin - Tolerance, $"seed {seed}, command {command}: {pose} is {clearance:0.0000} m from {area.Name}");
        }
    }

    /// <summary>
    /// One to five zones about the start, each clear of it by more than the margin: rectangles and star-shaped polygons,
    /// some reaching past the arena's edge.
    /// </summary>
    private static List<(string Name, ZoneOptions Zone)> RandomZones(Random random, Arena arena)
    {
        var zones = new List<(string, ZoneOptions)>();
        var count = random.Next(1, 6);
        while (zones.Count < count)
        {
            var (bearing, distance, size) = (Uniform(random, -Math.PI, Math.PI), Uniform(random, 0.3, 1.5), Uniform(random, 0.1, 0.6));
            var (cx, cy) = (distance * Math.Cos(bearing), distance * Math.Sin(bearing));
            var zone = random.Next(2) == 0
                ? new ZoneOptions { Rectangle = new ZoneRectangle(cx - size, cy - (size / 2), cx + size, cy + (size / 2)) }
                : new ZoneOptions { Polygon = Star(random, cx, cy, size) };
            var area = new KeepOutArea(new KeepOutZone("candidate", null, zone.Rectangle, zone.Polygon, ZoneSource.Configuration));
            if (!ZoneShape.Problems(zone.Rectangle, zone.Polygon).Any() && area.SignedDistance(0, 0) > SafetySettings.Margin + 0.05)
            {
                zones.Add(($"Z{zones.Count}", zone));
            }
        }

        return zones;
    }

    /// <summary>Points at increasing angles about a centre, at random radii: a simple polygon, often concave.</summary>
    private static List<ZonePoint> Star(Random random, double cx, double cy, double size)
    {
        var count = random.Next(3, 9);
        var angles = Enumerable.Range(0, count).Select(i => ((i + (random.NextDouble() * 0.8)) * 2 * Math.PI) / count).ToList();
        return [.. angles.Select(angle => Uniform(random, size / 3, size) is var r ? new ZonePoint(cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle))) : null!)];
    }

    private static double Signed(Random random) => Uniform(random, -1, 1);

    private static double Uniform(Random random, double from, double to) => from + (random.NextDouble() * (to - from));

    private static RobotOptions Linus() => new()
    {
        LeftMotor = new MotorPinOptions { Forward = 13, Backward = 21, Enable = 12 },
        RightMotor = new MotorPinOptions { Forward = 17, Backward = 27, Enable = 26 },
        Eye = 16,
    };

    private static RobotOptions Torvalds() => new()
    {
        LeftMotor = new MotorPinOptions { Forward = 8, Backward = 7 },
        RightMotor = new MotorPinOptions { Forward = 9, Backward = 10 },
        Eye = 25,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
