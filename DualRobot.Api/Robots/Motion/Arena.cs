namespace DualRobot.Api.Robots.Motion;

/// <summary>The floor a simulated robot lives on, in metres, centred on its start: it stops at the walls.</summary>
public sealed record Arena(double Width, double Height)
{
    public double HalfWidth => Width / 2;

    public double HalfHeight => Height / 2;

    /// <summary>The pose moved onto the nearest wall if it lies beyond one; heading kept (turtlesim's turtles do this).</summary>
    public Pose Clamp(Pose pose, out bool hitWall)
    {
        var x = Math.Clamp(pose.X, -HalfWidth, HalfWidth);
        var y = Math.Clamp(pose.Y, -HalfHeight, HalfHeight);
        hitWall = x != pose.X || y != pose.Y;
        return hitWall ? pose with { X = x, Y = y } : pose;
    }
}
