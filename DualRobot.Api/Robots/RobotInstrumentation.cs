using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Commands.Admission;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Robots;

/// <summary>Everything a robot reports: its command spans, its metrics and its log lines, in one place.</summary>
internal sealed class RobotInstrumentation(string robot, string backend, RobotMetrics metrics, ILogger logger)
{
    /// <summary>Creates every labelled series of this robot at zero.</summary>
    public void Register(int servoCount, bool hasSpeedControl) => metrics.Register(robot, backend, servoCount, hasSpeedControl);

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

    /// <summary>One command's pin writes, as a <c>gpio.write</c> span under the command's and in the write histogram.</summary>
    public void TimedWrite(string pins, Activity? parent, RobotCommand command, CommandScope scope)
    {
        using var activity = RobotTelemetry.ActivitySource.StartActivity(RobotTelemetry.Spans.GpioWrite);
        activity?.SetTag(RobotTelemetry.Tags.Backend, backend);
        activity?.SetTag(RobotTelemetry.Tags.Pins, pins);
        activity?.SetTag(RobotTelemetry.Tags.Robot, robot);
        var start = Stopwatch.GetTimestamp();
        try
        {
            command.Write(scope);
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            parent?.AddException(ex);
            throw;
        }
        finally
        {
            metrics.ObserveGpioWrite(backend, Stopwatch.GetElapsedTime(start));
        }
    }

    public void Motion(Direction direction) => metrics.SetMotion(robot, direction);

    public void Speed(double speed) => metrics.SetSpeed(robot, speed);

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
