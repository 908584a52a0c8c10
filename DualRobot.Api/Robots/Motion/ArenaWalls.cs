namespace DualRobot.Api.Robots.Motion;

/// <summary>The walls of a simulated robot's <see cref="Arena"/>.</summary>
internal static class ArenaWalls
{
    /// <summary>The pose moved onto the nearest wall if it lies beyond one; heading kept (turtlesim's turtles do this).</summary>
    public static Pose Clamp(this Arena arena, Pose pose, out bool hitWall)
    {
        var x = Math.Clamp(pose.X, -arena.Width / 2, arena.Width / 2);
        var y = Math.Clamp(pose.Y, -arena.Height / 2, arena.Height / 2);
        hitWall = x != pose.X || y != pose.Y;
        return hitWall ? pose with { X = x, Y = y } : pose;
    }

    /// <summary>Metres from a point to the nearest wall: negative outside the arena. The envelope keeps it above its margin.</summary>
    public static double Clearance(this Arena arena, double x, double y) =>
        Math.Min((arena.Width / 2) - Math.Abs(x), (arena.Height / 2) - Math.Abs(y));
}
