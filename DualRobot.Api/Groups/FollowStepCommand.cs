using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Groups;

/// <summary>
/// A follower's velocity for one pose interval, made by the group (<see cref="FollowLoop"/>), in its driver's name: it
/// needs their claim, but it is not theirs to count against the rate, and only a refusal is worth an audit record.
/// </summary>
internal sealed class FollowStepCommand(SideValues sides, TimeSpan lease) : VelocityCommand(sides, null, lease)
{
    public override bool IsRateLimited => false;

    public override bool AuditsAcceptance => false;
}
