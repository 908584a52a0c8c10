namespace DualRobot.Api.Robots.Motion;

/// <summary><c>Robots:&lt;name&gt;:Kinematics</c>: what the pose estimate needs to know about the robot's body.</summary>
public sealed class KinematicsOptions
{
    /// <summary>Distance between the two wheels' contact points (ROS: wheel separation).</summary>
    public double WheelBaseMeters { get; set; } = 0.15;

    /// <summary>How fast a wheel goes at side value 1 (full duty).</summary>
    public double MaxWheelSpeedMetersPerSecond { get; set; } = 0.4;

    /// <summary>The arena of a Simulated robot, centred on its start. Hardware robots have none.</summary>
    public ArenaOptions ArenaMeters { get; set; } = new();
}

public sealed class ArenaOptions
{
    public double Width { get; set; } = 4;

    public double Height { get; set; } = 4;
}
