using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Groups;

/// <summary>
/// The follow mode's steering, from both estimated poses: the follower's centre is taken to the point the offset
/// behind its leader (in the leader's frame). A differential drive cannot be steered to a point directly, so it steers
/// a point <see cref="LookAheadMeters"/> ahead of its centre (feedback linearisation) to where that point would be
/// with the centre on target and the heading the target moves along; the target's own motion is fed forward. On a
/// straight line and on a steady arc the follower settles on the point itself; the error between two steps decays
/// with <see cref="Gain"/>.
/// </summary>
internal static class FollowController
{
    public const double LookAheadMeters = 0.05;

    /// <summary>Per second: how much of the remaining error each second of steering removes.</summary>
    public const double Gain = 2;

    /// <summary>The follower's side values for the next pose interval.</summary>
    /// <param name="leaderSides">What the leader's sides run at now (its state's left and right).</param>
    public static SideValues Step(
        Pose leader, SideValues leaderSides, KinematicsOptions leaderBody, Pose follower, KinematicsOptions followerBody, double offsetMeters)
    {
        var (speed, turn) = Velocity(leaderSides, leaderBody);
        var (cos, sin) = (Math.Cos(leader.Heading), Math.Sin(leader.Heading));

        // The target, rigidly the offset behind the leader, and how it moves: the leader's velocity, plus the swing of
        // the offset when the leader turns.
        var targetX = leader.X - (offsetMeters * cos);
        var targetY = leader.Y - (offsetMeters * sin);
        var targetVx = (speed * cos) + (offsetMeters * turn * sin);
        var targetVy = (speed * sin) - (offsetMeters * turn * cos);
        var heading = TargetHeading(leader.Heading, speed, turn, offsetMeters);

        // Where the look-ahead point should be, and how that point moves.
        var aimX = targetX + (LookAheadMeters * Math.Cos(heading));
        var aimY = targetY + (LookAheadMeters * Math.Sin(heading));
        var aimVx = targetVx - (LookAheadMeters * turn * Math.Sin(heading));
        var aimVy = targetVy + (LookAheadMeters * turn * Math.Cos(heading));

        var (fcos, fsin) = (Math.Cos(follower.Heading), Math.Sin(follower.Heading));
        var ux = aimVx + (Gain * (aimX - (follower.X + (LookAheadMeters * fcos))));
        var uy = aimVy + (Gain * (aimY - (follower.Y + (LookAheadMeters * fsin))));
        var linear = (fcos * ux) + (fsin * uy);
        var angular = ((-fsin * ux) + (fcos * uy)) / LookAheadMeters;
        return Sides(linear, angular, followerBody);
    }

    /// <summary>Metres per second forward and radians per second counter-clockwise, from side values.</summary>
    public static (double Linear, double Angular) Velocity(SideValues sides, KinematicsOptions body)
    {
        var left = sides.Left * body.MaxWheelSpeedMetersPerSecond;
        var right = sides.Right * body.MaxWheelSpeedMetersPerSecond;
        return ((left + right) / 2, (right - left) / body.WheelBaseMeters);
    }

    /// <summary>
    /// The heading the target moves along (its velocity's, or the opposite when the leader reverses, so the follower
    /// backs up rather than turning round); a quarter turn off the leader's while it spins on the spot.
    /// </summary>
    private static double TargetHeading(double leaderHeading, double speed, double turn, double offset)
    {
        const double still = 1e-6;
        if (Math.Abs(speed) > still)
        {
            return leaderHeading - Math.Atan(offset * turn / speed);
        }

        return Math.Abs(turn) > still ? leaderHeading - (Math.Sign(turn) * Math.PI / 2) : leaderHeading;
    }

    /// <summary>Side values for a velocity; beyond the wheels' reach, slower on the same arc.</summary>
    private static SideValues Sides(double linear, double angular, KinematicsOptions body)
    {
        var left = (linear - (angular * body.WheelBaseMeters / 2)) / body.MaxWheelSpeedMetersPerSecond;
        var right = (linear + (angular * body.WheelBaseMeters / 2)) / body.MaxWheelSpeedMetersPerSecond;
        var scale = Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right)));
        return new SideValues(left / scale, right / scale);
    }
}
