using System.Diagnostics;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// The lease timer fired: stops the wheels if the lease really ran out. A renewal may have won the race for the gate,
/// so the stop epoch moves only once the stop is decided, inside the gate; motions waiting behind a renewal stand.
/// </summary>
internal sealed class DeadmanStopCommand : StopCommand
{
    public override string Span => RobotTelemetry.Spans.Deadman;

    public override bool StopsOnArrival => false;

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
        robot.StopEpoch.Bump();
        return base.Enter(robot);
    }
}
