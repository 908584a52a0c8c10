using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands.Admission;

/// <summary>
/// A command past its deadline (plus <c>Control:ClockSkewAllowance</c>) is refused: on arrival, and again in the gate,
/// since waiting behind other commands can make it late too. Stops are never stale.
/// </summary>
internal sealed class StaleCommandRule(ControlOptions control, TimeProvider time) : IAdmissionRule
{
    public CommandRefusal? Check(RobotCommand command, AdmissionStage stage)
    {
        if (command.IsStop || command.Deadline is not { } deadline)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return deadline.HasPassed(now, control.ClockSkewAllowance)
            ? new CommandRefusal(CommandStatus.Stale, CommandOutcomes.Stale,
                $"The command's deadline {deadline} had passed when it reached the robot ({(now - deadline.At).TotalMilliseconds:0} ms late, "
                + $"{control.ClockSkewAllowance.TotalMilliseconds:0} ms allowed); it was not applied.")
            : null;
    }
}
