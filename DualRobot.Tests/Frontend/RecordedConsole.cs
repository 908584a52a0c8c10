using System.Net;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Audit;
using DualRobot.Tests.Recording;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console and the api on a real loopback port (as <see cref="ConsoleWithApiOverHttp"/>), with one recorded
/// session to replay, driven once for the class through the api: otto drives Linus forward on an arc while sue
/// backs Torvalds away on another for half a second, until its deadman stops it; sue's attempt to drive Linus is
/// refused (in use); otto stops Linus.
/// </summary>
public sealed class RecordedConsole : ConsoleWithApi, IAsyncLifetime
{
    public const string Robot = "Linus";
    public const string Other = "Torvalds";

    public static readonly string Driver = Users[OperatorRoles.Operator];
    public static readonly string OtherDriver = Users[OperatorRoles.Supervisor];

    protected override bool OverHttp => true;

    /// <summary>Linus' session as the api returns it, complete to its stop.</summary>
    public RecordingDocumentDto Recording { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        using var api = Api.CreateAuthorizedClient();
        var robot = Api.Robot(Robot);
        // Distances from where the robot starts (its configured start pose), not from the arena's centre.
        var start = robot.GetState().Pose;
        double Driven() => Math.Sqrt(Math.Pow(robot.GetState().Pose.X - start.X, 2) + Math.Pow(robot.GetState().Pose.Y - start.Y, 2));
        (await api.SendAsAsync(Driver, "POST", $"/robots/{Robot}/velocity", """{"linear":0.5,"angular":0.05,"leaseMs":5000}""", HttpStatusCode.OK)).Dispose();
        (await api.SendAsAsync(OtherDriver, "POST", $"/robots/{Other}/velocity", """{"linear":-0.5,"angular":0.1,"leaseMs":500}""", HttpStatusCode.OK, OperatorRoles.Supervisor)).Dispose();
        await Eventually.True(() => Task.FromResult(Driven() > 0.15),
            () => $"{Robot} to drive 15 cm; it is at {robot.GetState().Pose}");
        (await api.SendAsAsync(OtherDriver, "POST", $"/robots/{Robot}/drive", """{"direction":"forward"}""", HttpStatusCode.Conflict, OperatorRoles.Supervisor)).Dispose();
        await Eventually.True(() => Task.FromResult(Driven() > 0.35),
            () => $"{Robot} to drive 35 cm; it is at {robot.GetState().Pose}");
        (await api.SendAsAsync(Driver, "POST", $"/robots/{Robot}/drive", """{"direction":"stop"}""", HttpStatusCode.OK)).Dispose();
        var last = robot.GetState().Version;
        Recording = await api.RecordedEventuallyAsync(Robot, d => d.States.Any(s => s.State.Version == last)
            && d.Events.Any(e => e.Event.Action == "stop") && d.Events.Any(e => e.Event.Outcome != "accepted"));
    }

    public DateTimeOffset Start => Recording.Session.Start;

    /// <summary>The recorded event of a kind: the stop, or sue's refused drive.</summary>
    public (DateTimeOffset Time, RecordedEventDto Event) Stop => Recording.Events.First(e => e.Event.Action == "stop");

    public (DateTimeOffset Time, RecordedEventDto Event) Refusal => Recording.Events.First(e => e.Event.Outcome != "accepted");

    /// <summary>The recorded pose of Linus at <paramref name="time"/>: the last state at or before it.</summary>
    public PoseDto PoseAt(DateTimeOffset time) => Recording.States.Last(s => s.Time <= time).State.Pose;

    /// <summary>How far a point is from Linus' recorded path (the polyline through its recorded poses), in metres.</summary>
    public double DistanceFromPath(double x, double y)
    {
        var poses = Recording.States.Select(s => s.State.Pose).ToList();
        var best = double.MaxValue;
        for (var i = 0; i < poses.Count; i++)
        {
            var (a, b) = (poses[i], poses[Math.Min(i + 1, poses.Count - 1)]);
            var (dx, dy) = (b.X - a.X, b.Y - a.Y);
            var length = (dx * dx) + (dy * dy);
            var t = length == 0 ? 0 : Math.Clamp((((x - a.X) * dx) + ((y - a.Y) * dy)) / length, 0, 1);
            best = Math.Min(best, Math.Sqrt(Math.Pow(x - (a.X + (t * dx)), 2) + Math.Pow(y - (a.Y + (t * dy)), 2)));
        }

        return best;
    }
}
