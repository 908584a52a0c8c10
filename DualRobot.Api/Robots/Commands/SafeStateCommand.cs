using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Robots.Commands;

/// <summary>Motors off and eye off, ahead of every queued command: for the e-stop, shutdown and reconnects. Not counted as a command.</summary>
internal class SafeStateCommand(string reason) : RobotCommand
{
    protected string Reason { get; set; } = reason;

    public override string? Action => null;

    public override string? Span => RobotTelemetry.Spans.SafeState;

    public override bool HasPriority => true;

    public override bool StopsOnArrival => true;

    public override bool IsRateLimited => false;

    public override bool IsStop => true;

    public override void Tag(Activity activity) => activity.SetTag(RobotTelemetry.Tags.SafeStateReason, Reason);

    public override bool Enter(RobotContext robot)
    {
        robot.Lease.Disarm();
        robot.Blinker.Stop();
        return true;
    }

    public override string Pins(CommandScope scope) => scope.Devices.DirectionPinsTag;

    public override void Write(CommandScope scope)
    {
        scope.Devices.Drive.Apply(Direction.Stop, 0);
        scope.Devices.Eye.Write(false);
    }

    public override void Commit(CommandScope scope)
    {
        var robot = scope.Robot;
        robot.State.SetStopped();
        robot.State.SetEye(EyeState.Off, lit: false);
        robot.Lease.Release();
        robot.SafeStateOwed = false;
        robot.Instrumentation.Motion(Direction.Stop);
        scope.Robot.Instrumentation.Sides(SideValues.Stop);
        robot.Instrumentation.Eye(EyeState.Off);
        robot.Instrumentation.SafeState(Reason);
    }
}
