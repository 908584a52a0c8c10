using System.Net;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Tests.Recording;

/// <summary>
/// The recording is complete enough to reproduce the motion: on Simulated, a recorded session's commands fed back
/// through the pose estimator give the recorded poses within a millimetre, and those poses follow the geometry of a
/// differential drive worked out here by hand (so a change to the kinematics that the replay would share is caught
/// too). Time is simulated: every tick, lease and deadman fires at its exact instant.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ReplayTests : IAsyncLifetime
{
    private const string Robot = "Linus";
    private const double Millimetre = 0.001;
    private readonly SimulatedDriving _driving = new();
    private RecordingDocumentDto _recording = null!;

    // When each stretch of the script below starts, relative to the first command.
    private static readonly TimeSpan Arc = TimeSpan.FromMilliseconds(1000);
    private static readonly TimeSpan Spin = TimeSpan.FromMilliseconds(2500);
    private static readonly TimeSpan Tank = TimeSpan.FromMilliseconds(3300);
    private static readonly TimeSpan EmergencyStop = TimeSpan.FromMilliseconds(6200);

    public async Task InitializeAsync()
    {
        // One session of one driver: straight, an arc, a spin the deadman stops, a tank turn, a stop, a drive the
        // e-stop stops. Linus has enable pins, so the sides run at what was asked.
        await _driving.Velocity(Robot, linear: 0.5, angular: 0, leaseMs: 3000);
        _driving.Run(Arc);
        await _driving.Velocity(Robot, linear: 0.4, angular: 0.3, leaseMs: 3000);
        _driving.Run(Spin - Arc);
        await _driving.Drive(Robot, "left", speed: 0.6, leaseMs: 500);
        _driving.Run(Tank - Spin);
        await _driving.Tank(Robot, left: 0.8, right: 0.3, leaseMs: 3000);
        _driving.Run(TimeSpan.FromMilliseconds(2000));
        await _driving.Drive(Robot, "stop");
        _driving.Run(TimeSpan.FromMilliseconds(200));
        await _driving.Velocity(Robot, linear: 0.3, angular: -0.2, leaseMs: 3000);
        _driving.Run(TimeSpan.FromMilliseconds(700));
        using (var estop = await _driving.Client.PostAsync("/estop", null))
        {
            Assert.Equal(HttpStatusCode.OK, estop.StatusCode);
        }

        _driving.Run(TimeSpan.FromMilliseconds(300));
        var last = _driving.Api.Robot(Robot).GetState().Version;
        _recording = await _driving.Client.RecordedEventuallyAsync(Robot,
            d => d.States.Any(s => s.State.Version == last) && d.Events.Any(e => e.Event.Action == "estop"));
    }

    [Fact]
    public void RecordedCommands_FedBackThroughThePoseEstimator_ReproduceTheRecordedPoses_WithinAMillimetre()
    {
        var robot = _driving.Api.Robot(Robot);
        var replay = new CommandReplay(robot.Options.Kinematics, robot.GetState().Arena, _recording.Session.Start);
        var compared = 0;
        foreach (var entry in _recording.Entries)
        {
            if (entry.Event is { } recorded)
            {
                replay.Apply(entry.Time, recorded);
                continue;
            }

            var expected = entry.State!.Pose;
            var replayed = replay.PoseAt(entry.Time);
            var distance = Math.Sqrt(Math.Pow(replayed.X - expected.X, 2) + Math.Pow(replayed.Y - expected.Y, 2));
            Assert.True(distance <= Millimetre,
                $"At {entry.Time:HH:mm:ss.fff} (version {entry.State.Version}) the replay is at {replayed}, the recording at {expected}: {distance * 1000:0.###} mm apart.");
            Assert.True(Math.Abs(Odometry.Wrap(replayed.Heading - expected.Heading)) <= Millimetre,
                $"At {entry.Time:HH:mm:ss.fff} the replay heads {replayed.Heading}, the recording {expected.Heading}.");
            compared++;
        }

        // A pose every 100 ms while moving, over about 6 s of motion: the comparison covered the whole path.
        Assert.InRange(compared, 60, 200);
        Assert.Equal(3, _recording.Session.Stops); // the deadman, the stop and the e-stop each ended a motion
        Assert.Equal(6, _recording.Session.Commands); // the e-stop is the fleet's, not one of the robot's commands
    }

    [Fact]
    public void RecordedPoses_FollowTheGeometryOfADifferentialDrive()
    {
        var kinematics = _driving.Api.Robot(Robot).Options.Kinematics;
        double Wheel(double side) => side * kinematics.MaxWheelSpeedMetersPerSecond;
        var start = _recording.Session.Start;

        // Straight: (0.5, 0) is both sides at 0.5 for 1 s.
        var straight = PoseAt(start + Arc);
        Assert.Equal(Wheel(0.5) * 1.0, straight.X, 6);
        Assert.Equal(0, straight.Y, 6);
        Assert.Equal(0, straight.Heading, 6);

        // Arc: (0.4, 0.3) mixes to left 0.1, right 0.7 for 1.5 s, on a circle of radius v/ω.
        var (v, w) = ((Wheel(0.7) + Wheel(0.1)) / 2, (Wheel(0.7) - Wheel(0.1)) / kinematics.WheelBaseMeters);
        var heading = w * 1.5;
        var arc = PoseAt(start + Spin);
        Assert.Equal(straight.X + (v / w * Math.Sin(heading)), arc.X, 6);
        Assert.Equal(straight.Y + (v / w * (1 - Math.Cos(heading))), arc.Y, 6);
        Assert.Equal(Odometry.Wrap(heading), arc.Heading, 6);

        // Spin left at 0.6 on the spot until the deadman stops it, 500 ms later; then it stands still.
        var spun = PoseAt(start + Spin + TimeSpan.FromMilliseconds(500));
        Assert.Equal(arc.X, spun.X, 9);
        Assert.Equal(arc.Y, spun.Y, 9);
        Assert.Equal(Odometry.Wrap(heading + (2 * Wheel(0.6) / kinematics.WheelBaseMeters * 0.5)), spun.Heading, 6);
        Assert.Equal(spun, PoseAt(start + Tank - TimeSpan.FromMilliseconds(1)));
        var deadman = _recording.States.First(s => s.Time > start + Spin && s.State.Motion == "stop");
        Assert.Equal(start + Spin + TimeSpan.FromMilliseconds(500), deadman.Time);

        // The e-stop: the state shows it latched, and nothing moves after it.
        var stopped = _recording.States.First(s => s.State.EmergencyStopLatched);
        Assert.Equal("stop", stopped.State.Motion);
        Assert.All(_recording.States.Where(s => s.Time >= stopped.Time), s => Assert.Equal(stopped.State.Pose, s.State.Pose));
        Assert.Equal(start + EmergencyStop, stopped.Time);
    }

    /// <summary>The recorded pose as of <paramref name="time"/>: the last state published at or before it.</summary>
    private PoseDto PoseAt(DateTimeOffset time) => _recording.States.Last(s => s.Time <= time).State.Pose;

    public Task DisposeAsync() => _driving.DisposeAsync().AsTask();
}
