using DualRobot.Api.Robots.Devices;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// The backend is reachable (at start-up or again): opens the pins the first time, forgets the duty cycles after a
/// reconnect (the daemon may have restarted with others), then writes the safe state.
/// </summary>
internal sealed class ReconnectCommand() : SafeStateCommand("start-up")
{
    public override string? Span => null;

    public override bool Enter(RobotContext robot)
    {
        if (robot.Devices is null)
        {
            robot.Devices = new RobotDevices(robot.Backend, robot.Options);
        }
        else
        {
            Reason = "backend reconnected";
            robot.Devices.Drive.InvalidateDuty();
            robot.Instrumentation.Reconnected();
        }

        return base.Enter(robot);
    }
}
