using System.Diagnostics;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands;

/// <summary>The lease timer fired: stops the wheels if the lease really ran out.</summary>
internal sealed class DeadmanStopCommand : StopCommand
{
    public override string Span => RobotTelemetry.Spans.Deadman;

    public override void Tag(Activity activity)
    {
    }

    public override bool Enter(RobotContext robot)
    {
        if (!robot.Lease.HasLapsed())
        {
            return false;
        }

        robot.Instrumentation.DeadmanStop();
        return base.Enter(robot);
    }
}
