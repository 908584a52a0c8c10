namespace DualRobot.Api.Robots.Motion;

/// <summary>
/// Dead reckoning of a differential drive, the integration of ROS 2's diff_drive_controller (odometry.cpp):
/// Runge–Kutta 2 when the robot goes (nearly) straight, the exact arc of radius <c>v/ω</c> otherwise.
/// </summary>
public static class Odometry
{
    /// <summary>Below this angular velocity (rad/s) the arc radius is numerically meaningless; diff_drive_controller's threshold.</summary>
    public const double StraightThreshold = 1e-6;

    /// <param name="pose">The pose at the start of the interval.</param>
    /// <param name="leftSpeed">Left wheel speed, m/s (negative backwards).</param>
    /// <param name="rightSpeed">Right wheel speed, m/s.</param>
    /// <param name="wheelBase">Wheel separation, m.</param>
    /// <param name="seconds">The interval, during which both speeds held.</param>
    public static Pose Integrate(Pose pose, double leftSpeed, double rightSpeed, double wheelBase, double seconds)
    {
        var linear = (rightSpeed + leftSpeed) / 2;
        var angular = (rightSpeed - leftSpeed) / wheelBase;
        var heading = pose.Heading;
        if (Math.Abs(angular) < StraightThreshold)
        {
            var direction = heading + (angular * seconds / 2);
            return new Pose(
                pose.X + (linear * seconds * Math.Cos(direction)),
                pose.Y + (linear * seconds * Math.Sin(direction)),
                Wrap(heading + (angular * seconds)));
        }

        var radius = linear / angular;
        var next = heading + (angular * seconds);
        return new Pose(
            pose.X + (radius * (Math.Sin(next) - Math.Sin(heading))),
            pose.Y - (radius * (Math.Cos(next) - Math.Cos(heading))),
            Wrap(next));
    }

    /// <summary>An angle in −π..π (turtlesim's normalisation).</summary>
    public static double Wrap(double angle) => Math.IEEERemainder(angle, 2 * Math.PI);
}
