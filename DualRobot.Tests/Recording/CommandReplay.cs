using System.Globalization;
using DualRobot.Api.Audit;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Recording;

/// <summary>
/// A recorded session's commands fed back through the api's own <see cref="PoseEstimator"/>, on a clock of its own:
/// each accepted drive, velocity and stop changes the sides at its recorded time, a motion's lease runs out as the
/// deadman would stop it, and an e-stop stops. Only the events are read, never the recorded states, so the poses it
/// gives can be compared with the recorded ones.
/// </summary>
internal sealed class CommandReplay
{
    private readonly FakeTimeProvider _clock;
    private readonly PoseEstimator _estimator;
    private double _speed = 1;
    private DateTimeOffset? _leaseEnds;

    public CommandReplay(KinematicsOptions kinematics, Arena? arena, DateTimeOffset start)
    {
        _clock = new FakeTimeProvider(start);
        _estimator = new PoseEstimator(kinematics, arena, _clock);
    }

    /// <summary>The replayed pose at <paramref name="time"/> (not before the last command applied).</summary>
    public Pose PoseAt(DateTimeOffset time)
    {
        MoveTo(time);
        return _estimator.Advance();
    }

    public void Apply(DateTimeOffset time, RecordedEventDto recorded)
    {
        if (recorded.Outcome != "accepted")
        {
            return;
        }

        MoveTo(time);
        switch (recorded.Action)
        {
            case RobotActions.EmergencyStop:
            case RobotActions.Stop:
                Stop();
                break;
            case RobotActions.Drive when recorded.Parameters!["direction"] == "stop":
                Stop();
                break;
            case RobotActions.Drive:
                var parameters = recorded.Parameters!;
                if (parameters.TryGetValue("speed", out var speed))
                {
                    _speed = Number(speed);
                }

                var direction = Enum.Parse<Direction>(parameters["direction"], ignoreCase: true);
                Move(SideValues.Preset(direction, _speed), parameters);
                break;
            case RobotActions.Velocity:
                var velocity = recorded.Parameters!;
                Move(velocity.TryGetValue("linear", out var linear)
                    ? SideValues.Mix(Number(linear), Number(velocity["angular"]))
                    : new SideValues(Number(velocity["left"]), Number(velocity["right"])), velocity);
                break;
        }
    }

    private void Move(SideValues sides, IReadOnlyDictionary<string, string> parameters)
    {
        _estimator.Change(sides);
        _leaseEnds = sides.IsStopped ? null : _clock.GetUtcNow().AddMilliseconds(Number(parameters["leaseMs"]));
    }

    private void Stop()
    {
        _estimator.Change(SideValues.Stop);
        _leaseEnds = null;
    }

    /// <summary>Time passes to <paramref name="time"/>; a lease that ends on the way stops the robot when it ends.</summary>
    private void MoveTo(DateTimeOffset time)
    {
        if (_leaseEnds is { } ends && ends <= time)
        {
            _clock.SetUtcNow(ends);
            Stop();
        }

        if (time > _clock.GetUtcNow())
        {
            _clock.SetUtcNow(time);
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
