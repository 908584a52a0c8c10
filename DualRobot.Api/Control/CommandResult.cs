using DualRobot.Api.Robots;

namespace DualRobot.Api.Control;

/// <summary>The outcome of one command and the robot's state right after it.</summary>
public readonly record struct CommandResult(CommandStatus Status, RobotState State, string? Detail = null)
{
    public bool IsAccepted => Status == CommandStatus.Accepted;
}
