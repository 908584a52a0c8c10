using DualRobot.Api.Audit;
using DualRobot.Api.Recording;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Tests.Recording;

/// <summary>States and audit records as the api hands them to the recorder, for tests of the recorder alone.</summary>
internal static class RecordingSamples
{
    public static readonly DateTimeOffset Noon = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    public static RobotState State(string robot, Direction motion, string? driver = "alice", long version = 1, Pose pose = default) =>
        new(robot, "Simulated", Connected: true, motion, Speed: 1, HasSpeedControl: true, EyeState.Off,
            [new ServoState(0, 22, -90, 90, 45)], LeaseRemainingMs: 0, EmergencyStopLatched: false, version,
            Left: motion == Direction.Stop ? 0 : 0.5, Right: motion == Direction.Stop ? 0 : 0.5, pose, Estimated: false, new Arena(4, 4), driver);

    public static AuditRecord Record(DateTimeOffset time, string? robot, string action, string outcome = "accepted", string user = "alice") =>
        new(0, time, user, robot, action, new Dictionary<string, string> { ["direction"] = "forward" }, outcome, outcome == "accepted" ? null : "refused");

    internal static PendingEntry Entry(DateTimeOffset time, RobotState state) => new(time, default, state, null);

    internal static PendingEntry Entry(AuditRecord record) => new(record.Time, default, null, record);
}
