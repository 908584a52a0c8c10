using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Motion;
using DualRobot.Api.Safety;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// Moves the wheels for a lease; a speed of null keeps the last one. A direction is a velocity preset
/// (<see cref="SideValues.Preset"/>), written like any velocity.
/// </summary>
internal sealed class DriveCommand(Direction direction, double? speed, TimeSpan lease) : RobotCommand
{
    private double _applied;
    private SideValues _sides;

    public override string Action => RobotActions.Drive;

    public override string Span => RobotTelemetry.Spans.Drive;

    public override bool IsMotion => true;

    public override bool IsSupersededByStop => true;

    public override IReadOnlyDictionary<string, string> AuditParameters => Envelope.Describe(speed is { } s
        ? new Dictionary<string, string>
        {
            ["direction"] = WireNames.Of(direction),
            ["speed"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["leaseMs"] = ((int)lease.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }
        : new Dictionary<string, string>
        {
            ["direction"] = WireNames.Of(direction),
            ["leaseMs"] = ((int)lease.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public override void Tag(Activity activity)
    {
        activity.SetTag(RobotTelemetry.Tags.Direction, WireNames.Of(direction));
        activity.SetTag(RobotTelemetry.Tags.LeaseMs, (int)lease.TotalMilliseconds);
    }

    public override string Pins(CommandScope scope) => scope.Devices.DirectionPinsTag;

    /// <summary>The direction's preset at the speed asked for or kept (read in the gate, as the write reads it).</summary>
    public override bool Intends(RobotContext robot, out MotionIntent intent)
    {
        intent = new MotionIntent(SideValues.Preset(direction, speed ?? robot.State.Speed), lease);
        return true;
    }

    /// <summary>
    /// Drives at the speed asked for, or at the one the robot keeps (read here, in the gate, just before the write);
    /// as the envelope shaped it, if it did.
    /// </summary>
    public override void Write(CommandScope scope)
    {
        _applied = speed ?? scope.Robot.State.Speed;
        scope.Activity?.SetTag(RobotTelemetry.Tags.Speed, _applied);
        _sides = Envelope.SidesChanged
            ? scope.Devices.Drive.Apply(Envelope.Sides, Envelope.LeaseOr(lease))
            : scope.Devices.Drive.Apply(direction, _applied, Envelope.LeaseOr(lease));
    }

    public override void Commit(CommandScope scope)
    {
        var robot = scope.Robot;
        robot.Lease.Hold(Envelope.LeaseOr(lease));
        robot.Envelope?.Commit(Envelope);
        robot.State.SetMotion(direction, _applied, _sides);
        robot.Instrumentation.Motion(direction);
        robot.Instrumentation.Sides(_sides);
        if (scope.Devices.Drive.HasSpeedControl)
        {
            robot.Instrumentation.Speed(_applied);
        }
    }
}
