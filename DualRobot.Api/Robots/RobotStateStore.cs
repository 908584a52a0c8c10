using DualRobot.Api.Control;
using DualRobot.Api.Gpio;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Robots;

/// <summary>
/// What a robot was last told to do, where it is estimated to be, its version and its publication to
/// <c>/robots/events</c>: at once on every change, and every <c>Events:PoseInterval</c> while it moves. Written only
/// by commands holding the robot's gate; read by anyone.
/// </summary>
internal sealed class RobotStateStore(
    string name,
    RobotOptions options,
    GpioBackend backend,
    EmergencyStopLatch estop,
    DeadmanLease lease,
    RobotEventHub events,
    PoseEstimator pose,
    RobotInstrumentation instrumentation,
    Safety.SafetyEnvelope? envelope = null) : IDisposable
{
    private readonly object _sync = new();
    private readonly bool _estimated = backend.Kind != GpioBackendKinds.Simulated;
    private PoseTicker? _ticker;
    private SideValues _sides = SideValues.Stop;
    private readonly double?[] _servoAngles = new double?[options.Servos.Count];
    private Direction _motion = Direction.Stop;
    private double _speed = 1;
    private EyeState _eye = EyeState.Off;
    private bool _eyeLit;
    private long _version;
    private string? _driver;
    private DateTimeOffset? _driverSince;
    private string? _stoppedBy;

    /// <summary>The speed a drive without one keeps.</summary>
    public double Speed
    {
        get
        {
            lock (_sync)
            {
                return _speed;
            }
        }
    }

    public EyeState Eye
    {
        get
        {
            lock (_sync)
            {
                return _eye;
            }
        }
    }

    /// <summary>Whether the wheels were last told to turn.</summary>
    public bool IsMoving
    {
        get
        {
            lock (_sync)
            {
                return _motion != Direction.Stop;
            }
        }
    }

    /// <summary>Whether the eye LED is on now (it alternates while blinking).</summary>
    public bool EyeLit
    {
        get
        {
            lock (_sync)
            {
                return _eyeLit;
            }
        }

        set
        {
            lock (_sync)
            {
                _eyeLit = value;
            }
        }
    }

    /// <summary>Publishes the state every <paramref name="interval"/> while the robot moves.</summary>
    public void PublishWhileMoving(TimeProvider time, TimeSpan interval) => _ticker = new PoseTicker(time, interval, () => Publish());

    /// <summary>A drive: its direction, its speed and the side values it applied.</summary>
    public void SetMotion(Direction motion, double speed, SideValues applied)
    {
        lock (_sync)
        {
            _speed = speed;
            SetSides(motion, applied);
        }
    }

    /// <summary>A velocity command's applied side values; with both at 0 the robot stands still.</summary>
    public void SetVelocity(SideValues applied)
    {
        lock (_sync)
        {
            SetSides(applied.IsStopped ? Direction.Stop : Direction.Velocity, applied);
        }
    }

    /// <summary>The wheels stopped; the speed is kept for the next drive without one.</summary>
    /// <param name="by">The user whose stop command it was; null when the api stopped the robot itself. Named only
    /// when the robot was moving: a stop of a robot at rest stopped nothing.</param>
    public void SetStopped(string? by = null)
    {
        lock (_sync)
        {
            if (_motion != Direction.Stop)
            {
                _stoppedBy = by;
            }

            SetSides(Direction.Stop, SideValues.Stop);
        }
    }

    /// <summary>A renewal the envelope slowed: the same motion, at lower side values.</summary>
    public void Rescale(SideValues applied)
    {
        lock (_sync)
        {
            SetSides(_motion, applied);
        }
    }

    /// <summary>The pose integrated up to now, and the side values in effect: where a motion would start from.</summary>
    public (Pose Pose, SideValues Sides) Motion()
    {
        lock (_sync)
        {
            return (pose.Advance(), _sides);
        }
    }

    /// <summary>Back at its configured start pose, wherever the robot really is.</summary>
    public void ResetPose()
    {
        lock (_sync)
        {
            pose.Reset();
        }
    }

    /// <summary>The user whose command moved the robot last, and since when they have been driving it.</summary>
    public void SetDriver(string user, DateTimeOffset since)
    {
        lock (_sync)
        {
            if (!string.Equals(_driver, user, StringComparison.OrdinalIgnoreCase) || _driverSince != since)
            {
                _driver = user;
                _driverSince = since;
            }
        }
    }

    public void SetEye(EyeState eye, bool lit)
    {
        lock (_sync)
        {
            _eye = eye;
            _eyeLit = lit;
        }
    }

    public void SetServoAngle(int index, double angle)
    {
        lock (_sync)
        {
            _servoAngles[index] = angle;
        }
    }

    /// <summary>
    /// Integrates the estimated pose up to now (the one change it makes: the pose is a function of time), then copies
    /// the whole state.
    /// </summary>
    public RobotState AdvanceAndSnapshot()
    {
        lock (_sync)
        {
            var estimate = pose.Advance();
            var servos = new ServoState[_servoAngles.Length];
            for (var i = 0; i < servos.Length; i++)
            {
                var s = options.Servos[i];
                servos[i] = new ServoState(i, s.Pin!.Value, s.MinAngle, s.MaxAngle, _servoAngles[i]);
            }

            return new RobotState(
                name,
                backend.Kind,
                backend.IsConnected,
                _motion,
                options.HasSpeedControl ? _speed : null,
                options.HasSpeedControl,
                _eye,
                servos,
                _motion == Direction.Stop ? 0 : lease.RemainingMs,
                estop.IsLatched,
                _version,
                _sides.Left,
                _sides.Right,
                estimate,
                _estimated,
                pose.Arena,
                _driver,
                _driverSince,
                backend.WatchdogArmed,
                _motion == Direction.Stop ? _stoppedBy : null,
                pose.AtWall || envelope?.HoldsAtArenaEdge(estimate) == true,
                envelope?.State());
        }
    }

    /// <summary>Steps the version and sends the state to every subscriber; returns the state it sent.</summary>
    public RobotState Publish()
    {
        RobotState state;
        lock (_sync)
        {
            _version++;
            state = AdvanceAndSnapshot();
        }

        instrumentation.Pose(state.Pose);
        events.Publish(state);
        return state;
    }

    public void Dispose() => _ticker?.Dispose();

    private void SetSides(Direction motion, SideValues applied)
    {
        // The old sides held until now; the new ones hold from now.
        pose.Change(applied);
        if (motion != Direction.Stop)
        {
            _stoppedBy = null;
        }

        _motion = motion;
        _sides = applied;
        _ticker?.Follow(!applied.IsStopped);
    }
}
