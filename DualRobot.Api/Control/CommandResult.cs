using DualRobot.Api.Robots;

namespace DualRobot.Api.Control;

/// <summary>The outcome of one command and the robot's state right after it.</summary>
/// <param name="Holder">Refused as <see cref="CommandStatus.InUse"/>: who holds the robot.</param>
/// <param name="Zone">Refused as <see cref="CommandStatus.KeepOut"/>: the zone in the way (null: the arena's edge).</param>
public readonly record struct CommandResult(CommandStatus Status, RobotState State, string? Detail = null, string? Holder = null, string? Zone = null)
{
    public bool IsAccepted => Status == CommandStatus.Accepted;
}
