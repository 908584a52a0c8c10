using DualRobot.Api.Control;
using DualRobot.Api.Gpio;

namespace DualRobot.Api.Robots;

/// <summary>
/// What a robot was last told to do, its version and its publication to <c>/robots/events</c>. Written only by
/// commands holding the robot's gate; read by anyone.
/// </summary>
internal sealed class RobotStateStore(
    string name,
    RobotOptions options,
    GpioBackend backend,
    EmergencyStopLatch estop,
    DeadmanLease lease,
    RobotEventHub events)
{
    private readonly object _sync = new();
    private readonly double?[] _servoAngles = new double?[options.Servos.Count];
    private Direction _motion = Direction.Stop;
    private double _speed = 1;
    private EyeState _eye = EyeState.Off;
    private bool _eyeLit;
    private long _version;
    private string? _driver;
    private DateTimeOffset? _driverSince;

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

    public void SetMotion(Direction motion, double speed)
    {
        lock (_sync)
        {
            _motion = motion;
            _speed = speed;
        }
    }

    /// <summary>The wheels stopped; the speed is kept for the next drive without one.</summary>
    public void SetStopped()
    {
        lock (_sync)
        {
            _motion = Direction.Stop;
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

    public RobotState Snapshot()
    {
        lock (_sync)
        {
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
                _driver,
                _driverSince);
        }
    }

    /// <summary>Steps the version and sends the state to every subscriber.</summary>
    public void Publish()
    {
        RobotState state;
        lock (_sync)
        {
            _version++;
            state = Snapshot();
        }

        events.Publish(state);
    }
}
