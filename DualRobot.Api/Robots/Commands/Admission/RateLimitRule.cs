using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands.Admission;

/// <summary>At most <c>Control:MaxCommandsPerSecond</c> per robot, counted on arrival; stops are never limited.</summary>
internal sealed class RateLimitRule(string robot, ControlOptions control, TimeProvider time) : IAdmissionRule
{
    private readonly CommandRateLimiter _limiter = new(control.MaxCommandsPerSecond, time);

    public CommandRefusal? Check(RobotCommand command, AdmissionStage stage) =>
        stage == AdmissionStage.Arrival && command.IsRateLimited && !_limiter.TryAcquire()
            ? new CommandRefusal(CommandStatus.RateLimited, CommandOutcomes.RateLimited,
                $"More than {control.MaxCommandsPerSecond} commands per second for robot '{robot}'.")
            : null;
}
