using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands.Admission;

/// <summary>
/// Every command, a heartbeat too, fails fast while the pins are out of reach: a 200 would tell the driver all is
/// well. Checked in the gate, just before the write, where the connection is known best.
/// </summary>
internal sealed class ReadinessRule(RobotContext robot) : IAdmissionRule
{
    public CommandRefusal? Check(RobotCommand command, AdmissionStage stage) =>
        stage == AdmissionStage.InGate && !robot.IsReady(forStop: command.IsStop, out var why)
            ? new CommandRefusal(CommandStatus.Unavailable, CommandOutcomes.Unavailable, why)
            : null;
}
