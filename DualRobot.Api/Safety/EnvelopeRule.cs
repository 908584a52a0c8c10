using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Commands.Admission;

namespace DualRobot.Api.Safety;

/// <summary>
/// The envelope as the last admission rule: in the gate, just before the write (the pose is current and nothing else
/// moves the robot meanwhile), it shapes a motion the others admitted, or refuses one that cannot move at all. Stops
/// and the safe state are no motion and never reach it.
/// </summary>
internal sealed class EnvelopeRule(RobotContext robot, SafetyEnvelope envelope) : IAdmissionRule
{
    public CommandRefusal? Check(RobotCommand command, AdmissionStage stage)
    {
        if (stage != AdmissionStage.InGate || !command.Intends(robot, out var intent))
        {
            return null;
        }

        var (pose, sides) = robot.State.Motion();
        var refusal = envelope.Decide(pose, sides, intent, command.Role, robot.Devices!.Drive, out var decision);
        command.Envelope = decision;
        return refusal;
    }
}
