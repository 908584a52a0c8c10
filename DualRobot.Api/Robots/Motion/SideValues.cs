namespace DualRobot.Api.Robots.Motion;

/// <summary>
/// What each side of a differential drive is asked to do, −1..1 (negative backwards). Every motion is one of these:
/// a velocity command mixes into it, a tank command is one, and the drive directions are presets of it.
/// </summary>
public readonly record struct SideValues(double Left, double Right)
{
    public static readonly SideValues Stop = new(0, 0);

    public bool IsStopped => Left == 0 && Right == 0;

    /// <summary>
    /// <c>left = l − a</c>, <c>right = l + a</c>, both divided by <c>max(1, |left|, |right|)</c>: a command beyond the
    /// wheels' reach keeps its arc (the ratio of the sides) and loses only speed.
    /// </summary>
    /// <param name="linear">−1..1, positive forward.</param>
    /// <param name="angular">−1..1, positive counter-clockwise.</param>
    public static SideValues Mix(double linear, double angular)
    {
        var left = linear - angular;
        var right = linear + angular;
        var scale = Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right)));
        return new SideValues(left / scale, right / scale);
    }

    /// <summary>
    /// A drive direction at a speed (0..1). Left and right are spins on the spot, as in the original app:
    /// the left side backwards and the right forwards turns counter-clockwise.
    /// </summary>
    public static SideValues Preset(Direction direction, double speed) => direction switch
    {
        Direction.Stop => Stop,
        Direction.Forward => new(speed, speed),
        Direction.Backward => new(-speed, -speed),
        Direction.Left => new(-speed, speed),
        Direction.Right => new(speed, -speed),
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown direction."),
    };
}
