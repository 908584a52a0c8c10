using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Commands.Admission;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Robots;

/// <summary>Everything a robot reports: its command spans, its metrics and its log lines, in one place. It observes; it acts on nothing.</summary>
internal sealed class RobotInstrumentation(string robot, string backend, RobotMetrics metrics, ILogger logger)
{
    // What the gauges say now; null until set (Register sets a stop, at speed 0 where the robot has speed control).
    private Direction? _motion;
    private double? _speed;

    /// <summary>Creates every labelled series of this robot at zero.</summary>
    public void Register(int servoCount, bool hasSpeedControl)
    {
        metrics.Register(robot, backend, servoCount, hasSpeedControl);
        _motion = Direction.Stop;
        _speed = hasSpeedControl ? 0 : null;
    }

    /// <summary>The command's span (none if it has no span name or nobody listens), tagged with what the command is.</summary>
    public Activity? StartCommand(RobotCommand command)
    {
        if (command.Span is null)
        {
            return null;
        }

        var activity = RobotTelemetry.ActivitySource.StartActivity(command.Span);
        if (activity is not null)
        {
            activity.SetTag(RobotTelemetry.Tags.Robot, robot);
            if (command.Action is not null)
            {
                activity.SetTag(RobotTelemetry.Tags.Action, command.Action);
            }

            activity.SetTag(RobotTelemetry.Tags.Backend, backend);
            if (command.Deadline is { } deadline)
            {
                activity.SetTag(RobotTelemetry.Tags.Deadline, deadline.ToString());
            }

            command.Tag(activity);
        }

        return activity;
    }

    public void Accepted(RobotCommand command, Activity? activity)
    {
        if (command.Action is not null)
        {
            metrics.CountCommand(robot, command.Action, CommandOutcomes.Accepted);
            activity?.SetTag(RobotTelemetry.Tags.Outcome, CommandOutcomes.Accepted);
        }
    }

    public void Refused(RobotCommand command, CommandRefusal refusal, Activity? activity)
    {
        if (command.Action is not null)
        {
            metrics.CountCommand(robot, command.Action, refusal.Outcome);
            activity?.SetTag(RobotTelemetry.Tags.Outcome, refusal.Outcome);
        }

        activity?.SetStatus(ActivityStatusCode.Error, refusal.Detail);
    }

    /// <summary>
    /// Times one command's pin writes, which the caller then makes: a <c>gpio.write</c> span under the command's and an
    /// entry in the write histogram once the timing is disposed.
    /// </summary>
    public WriteTiming TimeWrite(string pins)
    {
        var activity = RobotTelemetry.ActivitySource.StartActivity(RobotTelemetry.Spans.GpioWrite);
        activity?.SetTag(RobotTelemetry.Tags.Backend, backend);
        activity?.SetTag(RobotTelemetry.Tags.Pins, pins);
        activity?.SetTag(RobotTelemetry.Tags.Robot, robot);
        return new WriteTiming(metrics, backend, activity, Stopwatch.GetTimestamp());
    }

    /// <summary>One timed pin write: ends its span and records its duration when disposed.</summary>
    public readonly struct WriteTiming(RobotMetrics metrics, string backend, Activity? activity, long started) : IDisposable
    {
        /// <summary>The write threw: both its span and the command's say why.</summary>
        public void Failed(Exception exception, Activity? command)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            command?.AddException(exception);
        }

        public void Dispose()
        {
            metrics.ObserveGpioWrite(backend, Stopwatch.GetElapsedTime(started));
            activity?.Dispose();
        }
    }

    /// <summary>
    /// Sets the motion gauges, only the two series that change: every command that moves the robot passes here, and
    /// each measurement costs a look-up in every meter listener (issue 29). Called in the robot's gate, one at a time.
    /// </summary>
    public void Motion(Direction direction)
    {
        if (_motion != direction)
        {
            metrics.SetMotion(robot, direction, _motion);
            _motion = direction;
        }
    }

    /// <summary>Sets the speed gauge when it changed (in the gate, like <see cref="Motion"/>).</summary>
    public void Speed(double speed)
    {
        if (_speed != speed)
        {
            metrics.SetSpeed(robot, speed);
            _speed = speed;
        }
    }

    public void Sides(SideValues applied) => metrics.SetSides(robot, applied.Left, applied.Right);

    public void Pose(Pose pose) => metrics.SetPose(robot, pose.X, pose.Y, pose.Heading);

    public void Eye(EyeState eye) => metrics.SetEye(robot, eye);

    public void ServoAngle(int index, double angle) => metrics.SetServoAngle(robot, index, angle);

    public void WriteFailed(string reason) => RobotLog.BackendUnavailable(logger, robot, backend, reason);

    public void DeadmanStop()
    {
        RobotLog.DeadmanStop(logger, robot);
        metrics.CountDeadmanStop(robot);
    }

    /// <summary>The robot's own watchdog stopped the motors (<paramref name="fires"/> times) with no kick from the api.</summary>
    public void WatchdogFired(int fires)
    {
        RobotLog.WatchdogStop(logger, robot, fires);
        metrics.CountWatchdogFires(robot, fires);
    }

    public void SafeState(string reason) => RobotLog.SafeState(logger, robot, reason);

    public void BackendConnected(bool connected) => metrics.SetBackendConnected(robot, backend, connected);

    public void Connected() => RobotLog.BackendConnected(logger, robot, backend);

    public void Lost() => RobotLog.BackendLost(logger, robot, backend);

    public void Reconnected() => metrics.CountReconnect(robot);

    public void SafeStateFailed(Exception exception) => RobotLog.SafeStateFailed(logger, exception, robot);

    public void BlinkFailed(Exception exception) => RobotLog.BlinkFailed(logger, exception, robot);
}
