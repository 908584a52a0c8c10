namespace DualRobot.Contract;

/// <summary>
/// Where the api estimates a robot is: metres from the origin (the centre of a simulated robot's arena), with x forward
/// at heading 0, and the heading in radians counter-clockwise, wrapped to −π..π. Each robot starts, and a pose reset
/// puts it back, at its configured start pose (<c>Kinematics:StartPose</c>).
/// </summary>
public readonly record struct Pose(double X, double Y, double Heading)
{
    /// <summary>The origin, heading along +x: the start pose unless one is configured.</summary>
    public static readonly Pose Start = new(0, 0, 0);
}

/// <summary>The floor a simulated robot lives on, in metres, centred on the origin: it stops at the walls.</summary>
public sealed record Arena(double Width, double Height);
