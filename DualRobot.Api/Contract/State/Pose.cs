namespace DualRobot.Contract;

/// <summary>
/// Where the api estimates a robot is, relative to where it started: metres, with x forward at heading 0, and the
/// heading in radians counter-clockwise, wrapped to −π..π.
/// </summary>
public readonly record struct Pose(double X, double Y, double Heading)
{
    public static readonly Pose Start = new(0, 0, 0);
}

/// <summary>The floor a simulated robot lives on, in metres, centred on its start: it stops at the walls.</summary>
public sealed record Arena(double Width, double Height);
