using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Groups;

/// <summary>What each member is given in each mode: the first member the command as sent.</summary>
internal static class GroupModes
{
    /// <summary>Together: the same; mirror: angular negated (the sides swapped); follow: null, the follower's step is the group's.</summary>
    public static RobotCommand? Velocity(GroupMode mode, int member, SideValues sides, (double Linear, double Angular)? twist, TimeSpan lease) =>
        (mode, member) switch
        {
            (GroupMode.Together, _) or (_, 0) => new VelocityCommand(sides, twist, lease),
            (GroupMode.Mirror, _) => new VelocityCommand(Mirror(sides), twist is var (linear, angular) ? (linear, -angular) : null, lease),
            _ => null,
        };

    /// <inheritdoc cref="Velocity"/>
    public static RobotCommand? Drive(GroupMode mode, int member, Direction direction, double? speed, TimeSpan lease) =>
        (mode, member) switch
        {
            (GroupMode.Together, _) or (_, 0) => new DriveCommand(direction, speed, lease),
            (GroupMode.Mirror, _) => new DriveCommand(Mirror(direction), speed, lease),
            _ => null,
        };

    public static SideValues Mirror(SideValues sides) => new(sides.Right, sides.Left);

    /// <summary>A spin the other way; forward and backward are their own mirror image.</summary>
    public static Direction Mirror(Direction direction) => direction switch
    {
        Direction.Left => Direction.Right,
        Direction.Right => Direction.Left,
        _ => direction,
    };
}
