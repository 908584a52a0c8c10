using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Robots.Commands;

/// <summary>Stops the wheels. Never rate limited, never refused by the e-stop, and ahead of every queued motion.</summary>
internal class StopCommand : RobotCommand
{
    public override string Action => RobotActions.Stop;

    public override string Span => RobotTelemetry.Spans.Drive;

    public override bool HasPriority => true;

    public override bool StopsOnArrival => true;

    public override bool IsRateLimited => false;

    public override bool IsStop => true;

    public override void Tag(Activity activity) => activity.SetTag(RobotTelemetry.Tags.Direction, WireNames.Of(Direction.Stop));

    public override bool Enter(RobotContext robot)
    {
        // Whatever becomes of the write, no deadman fires for a motion the driver asked to stop.
        robot.Lease.Disarm();
        return true;
    }

    public override string Pins(CommandScope scope) => scope.Devices.DirectionPinsTag;

    public override void Write(CommandScope scope) => scope.Devices.Drive.Apply(Direction.Stop, 0);

    public override void Commit(CommandScope scope)
    {
        scope.Robot.State.SetStopped(User);
        scope.Robot.Lease.Release();
        scope.Robot.Instrumentation.Motion(Direction.Stop);
        scope.Robot.Instrumentation.Sides(SideValues.Stop);
    }
}
