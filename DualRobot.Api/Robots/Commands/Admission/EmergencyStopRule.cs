using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands.Admission;

/// <summary>Motion is refused while the e-stop is latched: on arrival, and again in the gate (it may have latched meanwhile).</summary>
internal sealed class EmergencyStopRule(EmergencyStopLatch estop) : IAdmissionRule
{
    public CommandRefusal? Check(RobotCommand command, AdmissionStage stage) =>
        command.IsMotion && estop.RefusesMotion
            ? new CommandRefusal(CommandStatus.EmergencyStopped, CommandOutcomes.EmergencyStopped,
                "The emergency stop is latched; release it before moving.")
            : null;
}
