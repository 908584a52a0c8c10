using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Groups;

/// <summary>A motion for a whole group, as its endpoint read it.</summary>
/// <param name="Action">The audit record's action (<see cref="RobotActions.GroupVelocity"/>...).</param>
/// <param name="LeaderSides">What the first member is asked to run at: a follower's first step is made from it.</param>
/// <param name="CommandFor">The command for the member at an index; null for a follower, whose steps the group makes.</param>
/// <param name="Parameters">The command's own values, for the audit record.</param>
internal sealed record GroupMove(
    string Action,
    GroupMode Mode,
    TimeSpan Lease,
    double OffsetMeters,
    SideValues LeaderSides,
    Func<int, RobotCommand?> CommandFor,
    IReadOnlyDictionary<string, string> Parameters,
    string? User,
    string? Role,
    CommandDeadline? Deadline);
