namespace DualRobot.Api.Robots.Motion;

/// <summary><c>Robots:&lt;name&gt;:Kinematics</c>: what the pose estimate needs to know about the robot's body.</summary>
public sealed class KinematicsOptions
{
    /// <summary>Distance between the two wheels' contact points (ROS: wheel separation).</summary>
    public double WheelBaseMeters { get; set; } = 0.15;

    /// <summary>How fast a wheel goes at side value 1 (full duty).</summary>
    public double MaxWheelSpeedMetersPerSecond { get; set; } = 0.4;

    /// <summary>The arena of a Simulated robot, centred on the origin of the poses. Hardware robots have none.</summary>
    public ArenaOptions ArenaMeters { get; set; } = new();

    /// <summary>
    /// Where the robot starts, and where a pose reset puts it back: metres from the origin (the arena's centre) and
    /// radians counter-clockwise. Each robot its own, so two robots never start on one spot.
    /// </summary>
    public StartPoseOptions StartPose { get; set; } = new();
}

public sealed class StartPoseOptions
{
    public double X { get; set; }

    public double Y { get; set; }

    public double Heading { get; set; }

    public Pose ToPose() => new(X, Y, Heading);
}

public sealed class ArenaOptions
{
    public double Width { get; set; } = 4;

    public double Height { get; set; } = 4;
}
