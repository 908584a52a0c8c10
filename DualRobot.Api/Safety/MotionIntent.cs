using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Safety;

/// <summary>A motion as the envelope sees it before it is written: the sides asked for and the lease they hold for.</summary>
/// <param name="Sides">The side values asked for; null for a renewal of the motion the robot has now (a heartbeat).</param>
internal readonly record struct MotionIntent(SideValues? Sides, TimeSpan Lease)
{
    public bool IsRenewal => Sides is null;
}
