using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Motion;
using DualRobot.Api.Safety;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// Drives each side at its own value for a lease: a motion like a drive in every respect (deadman, heartbeat,
/// e-stop, rate limit, stops first), with the sides it asks for instead of a preset.
/// </summary>
/// <param name="sides">The side values asked for (mixed from linear and angular, or the tank form).</param>
/// <param name="twist">The linear and angular velocity asked for, when that was the form; for the span.</param>
internal class VelocityCommand(SideValues sides, (double Linear, double Angular)? twist, TimeSpan lease) : RobotCommand
{
    private SideValues _applied;

    public override string Action => RobotActions.Velocity;

    public override string Span => RobotTelemetry.Spans.Velocity;

    public override bool IsMotion => true;

    public override bool IsSupersededByStop => true;

    public override IReadOnlyDictionary<string, string> AuditParameters => Envelope.Describe(twist is var (linear, angular)
        ? new Dictionary<string, string> { ["linear"] = Text(linear), ["angular"] = Text(angular), ["leaseMs"] = Text((int)lease.TotalMilliseconds) }
        : new Dictionary<string, string> { ["left"] = Text(sides.Left), ["right"] = Text(sides.Right), ["leaseMs"] = Text((int)lease.TotalMilliseconds) });

    public override void Tag(Activity activity)
    {
        if (twist is var (linear, angular))
        {
            activity.SetTag(RobotTelemetry.Tags.Linear, linear);
            activity.SetTag(RobotTelemetry.Tags.Angular, angular);
        }

        activity.SetTag(RobotTelemetry.Tags.LeaseMs, (int)lease.TotalMilliseconds);
    }

    public override string Pins(CommandScope scope) => scope.Devices.DirectionPinsTag;

    public override bool Intends(RobotContext robot, out MotionIntent intent)
    {
        intent = new MotionIntent(sides, lease);
        return true;
    }

    /// <summary>The sides asked for, as the envelope shaped them if it did.</summary>
    public override void Write(CommandScope scope)
    {
        _applied = scope.Devices.Drive.Apply(Envelope.SidesChanged ? Envelope.Sides : sides, Envelope.LeaseOr(lease));

        // What the sides run at: a side without an enable pin runs -1, 0 or 1 whatever was asked.
        scope.Activity?.SetTag(RobotTelemetry.Tags.Left, _applied.Left);
        scope.Activity?.SetTag(RobotTelemetry.Tags.Right, _applied.Right);
    }

    public override void Commit(CommandScope scope)
    {
        var robot = scope.Robot;
        if (_applied.IsStopped)
        {
            // Below the on/off threshold, or a zero command: nothing turns, so there is no motion to lease.
            robot.Lease.Release();
        }
        else
        {
            robot.Lease.Hold(Envelope.LeaseOr(lease));
        }

        robot.Envelope?.Commit(Envelope);

        robot.State.SetVelocity(_applied);
        robot.Instrumentation.Motion(_applied.IsStopped ? Direction.Stop : Direction.Velocity);
        robot.Instrumentation.Sides(_applied);
    }

    private static string Text(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
