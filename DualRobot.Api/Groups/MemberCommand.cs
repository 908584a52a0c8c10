using System.Diagnostics;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Commands;

namespace DualRobot.Api.Groups;

/// <summary>One member's part of a group command, with its own span under the group's.</summary>
internal sealed class MemberCommand(Robot robot, RobotCommand command)
{
    public Robot Robot { get; } = robot;

    public RobotCommand Command { get; } = command;

    public CommandPipeline Pipeline => Robot.Pipeline;

    public Activity? Activity { get; set; }
}
