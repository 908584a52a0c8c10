namespace DualRobot.Api.Robots.Motion;

/// <summary>The floor a simulated robot lives on, in metres, centred on its start: it stops at the walls.</summary>
public sealed record Arena(double Width, double Height)
{
    /// <summary>The pose moved onto the nearest wall if it lies beyond one; heading kept (turtlesim's turtles do this).</summary>
    public Pose Clamp(Pose pose, out bool hitWall)
    {
        var x = Math.Clamp(pose.X, -Width / 2, Width / 2);
        var y = Math.Clamp(pose.Y, -Height / 2, Height / 2);
        hitWall = x != pose.X || y != pose.Y;
        return hitWall ? pose with { X = x, Y = y } : pose;
    }
}
