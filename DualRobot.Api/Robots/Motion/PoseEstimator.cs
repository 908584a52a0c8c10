namespace DualRobot.Api.Robots.Motion;

/// <summary>
/// One robot's estimated pose, integrated from the side values the robot applied and for how long they held
/// (read from <see cref="TimeProvider"/>). Not thread-safe: the robot calls it under its state lock.
/// </summary>
public sealed class PoseEstimator
{
    // Inside an arena the path is integrated in steps this long, so a wall is met where the path meets it and not
    // where the end of a long arc happens to lie (turtlesim clamps on every update, 62.5 per second).
    private static readonly TimeSpan ArenaStep = TimeSpan.FromMilliseconds(10);

    private readonly double _wheelBase;
    private readonly double _maxWheelSpeed;
    private readonly TimeProvider _time;
    private readonly Pose _start;
    private long _since;

    public PoseEstimator(KinematicsOptions kinematics, Arena? arena, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(kinematics);
        ArgumentNullException.ThrowIfNull(time);
        _wheelBase = kinematics.WheelBaseMeters;
        _maxWheelSpeed = kinematics.MaxWheelSpeedMetersPerSecond;
        Arena = arena;
        _time = time;
        _since = time.GetTimestamp();
        _start = kinematics.StartPose.ToPose();
        Pose = _start;
    }

    public Arena? Arena { get; }

    /// <summary>The pose as of the last <see cref="Advance"/>; at first, the configured start.</summary>
    public Pose Pose { get; private set; }

    /// <summary>The side values in effect since the last <see cref="Advance"/>.</summary>
    public SideValues Sides { get; private set; } = SideValues.Stop;

    /// <summary>True while the last advance left the robot pressed against a wall of its arena.</summary>
    public bool AtWall { get; private set; }

    /// <summary>Integrates the pose up to now with the sides in effect.</summary>
    public Pose Advance()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_since, now);
        _since = now;
        if (Sides.IsStopped || elapsed <= TimeSpan.Zero)
        {
            return Pose;
        }

        var left = Sides.Left * _maxWheelSpeed;
        var right = Sides.Right * _maxWheelSpeed;
        if (Arena is null)
        {
            Pose = Odometry.Integrate(Pose, left, right, _wheelBase, elapsed.TotalSeconds);
            return Pose;
        }

        var pose = Pose;
        var atWall = false;
        for (var remaining = elapsed; remaining > TimeSpan.Zero; remaining -= ArenaStep)
        {
            var step = remaining < ArenaStep ? remaining : ArenaStep;
            pose = Arena.Clamp(Odometry.Integrate(pose, left, right, _wheelBase, step.TotalSeconds), out atWall);
        }

        Pose = pose;
        AtWall = atWall;
        return Pose;
    }

    /// <summary>Closes the interval of the old sides, then starts one with <paramref name="sides"/>.</summary>
    public void Change(SideValues sides)
    {
        Advance();
        Sides = sides;
    }

    /// <summary>Back to the configured start, keeping the sides in effect.</summary>
    public void Reset()
    {
        Advance();
        Pose = _start;
        AtWall = false;
    }
}
