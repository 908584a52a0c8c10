using System.Diagnostics;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio;
using DualRobot.Api.Robots.Devices;

namespace DualRobot.Api.Robots;

/// <summary>
/// One robot: its devices over one GPIO backend, its state, its command queue, its deadman and its eye blink.
/// Commands of one robot are applied one at a time in arrival order; robots never wait for each other.
/// </summary>
public sealed class Robot : IDisposable
{
    private readonly ControlOptions _control;
    private readonly EmergencyStopLatch _estop;
    private readonly RobotEventHub _events;
    private readonly RobotMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CommandGate _gate = new();
    private readonly CommandRateLimiter _rateLimiter;
    private readonly ITimer _leaseTimer;
    private readonly ITimer _blinkTimer;
    private readonly object _stateLock = new();
    private readonly string _directionPinsTag;

    private DriveTrain? _drive;
    private EyeLed? _eye;
    private Servo[] _servos = [];

    // Guarded by _stateLock; written only while holding the gate.
    private Direction _motion = Direction.Stop;
    private double _speed = 1;
    private EyeState _eyeState = EyeState.Off;
    private bool _eyeLit;
    private double?[] _servoAngles;
    private long _leaseDeadline;
    private long _version;
    private bool _everConnected;

    // Bumped by every stop on arrival: a motion that was waiting when a stop arrived is dropped, not applied after it.
    private long _stopEpoch;

    // Set when the backend is lost, cleared once the safe state has been written again. The backend reports itself
    // connected a moment before the robot hears of it; a command that slipped into the gate in that moment would
    // move the robot and be answered 200, only for the reconnect's safe state to stop it right after.
    private volatile bool _safeStateOwed;

    public Robot(
        string name,
        RobotOptions options,
        GpioBackend backend,
        ControlOptions control,
        EmergencyStopLatch estop,
        RobotEventHub events,
        RobotMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        Name = name;
        Options = options;
        Backend = backend;
        _control = control;
        _estop = estop;
        _events = events;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _rateLimiter = new CommandRateLimiter(control.MaxCommandsPerSecond, time);
        _leaseTimer = time.CreateTimer(_ => _ = OnLeaseTimerAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _blinkTimer = time.CreateTimer(_ => _ = OnBlinkTimerAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _servoAngles = new double?[options.Servos.Count];
        _directionPinsTag = string.Join(',', options.LeftMotor!.Forward, options.LeftMotor.Backward, options.RightMotor!.Forward, options.RightMotor.Backward);
        metrics.Register(name, backend.Kind, options.Servos.Count, options.HasSpeedControl);
    }

    public string Name { get; }

    public RobotOptions Options { get; }

    public GpioBackend Backend { get; }

    /// <summary>Opens the pins (in their safe state) once the backend is reachable, now or when it connects.</summary>
    public async Task StartAsync()
    {
        Backend.ConnectionChanged += OnConnectionChanged;
        Backend.Start();
        _metrics.SetBackendConnected(Name, Backend.Kind, Backend.IsConnected);
        if (Backend.IsConnected)
        {
            await OnConnectedAsync();
        }
        else
        {
            Publish();
        }
    }

    public RobotState GetState()
    {
        lock (_stateLock)
        {
            return Snapshot();
        }
    }

    public async Task<CommandResult> DriveAsync(Direction direction, double? speed, TimeSpan lease)
    {
        if (direction == Direction.Stop)
        {
            return await StopAsync();
        }

        using var activity = StartCommandActivity(RobotTelemetry.Spans.Drive, RobotActions.Drive);
        activity?.SetTag(RobotTelemetry.Attributes.Direction, RobotJson.Name(direction));
        activity?.SetTag(RobotTelemetry.Attributes.LeaseMs, (int)lease.TotalMilliseconds);

        if (Refuse(RobotActions.Drive, activity) is { } refused)
        {
            return refused;
        }

        var epoch = Interlocked.Read(ref _stopEpoch);
        await _gate.EnterAsync();
        try
        {
            if (RefuseInsideGate(RobotActions.Drive, epoch, activity) is { } late)
            {
                return late;
            }

            var applied = speed ?? _speed;
            activity?.SetTag(RobotTelemetry.Attributes.Speed, applied);
            if (WritePins(RobotActions.Drive, _directionPinsTag, activity, () => _drive!.Apply(direction, applied)) is { } failed)
            {
                return failed;
            }

            lock (_stateLock)
            {
                _motion = direction;
                _speed = applied;
                _leaseDeadline = DeadlineAfter(lease);
            }

            _leaseTimer.Change(lease, Timeout.InfiniteTimeSpan);
            _metrics.SetMotion(Name, direction);
            if (_drive!.HasSpeedControl)
            {
                _metrics.SetSpeed(Name, applied);
            }

            return Accept(RobotActions.Drive, activity);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Stops the wheels. Never rate limited, never refused by the e-stop, and ahead of every queued motion.</summary>
    public async Task<CommandResult> StopAsync()
    {
        using var activity = StartCommandActivity(RobotTelemetry.Spans.Drive, RobotActions.Stop);
        activity?.SetTag(RobotTelemetry.Attributes.Direction, RobotJson.Name(Direction.Stop));
        Interlocked.Increment(ref _stopEpoch);
        await _gate.EnterAsync(priority: true);
        try
        {
            return StopInsideGate(activity);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Renews the lease of the current motion.</summary>
    public async Task<CommandResult> HeartbeatAsync(TimeSpan lease)
    {
        using var activity = StartCommandActivity(RobotTelemetry.Spans.Heartbeat, RobotActions.Heartbeat);
        activity?.SetTag(RobotTelemetry.Attributes.LeaseMs, (int)lease.TotalMilliseconds);
        if (RefuseOverRate(RobotActions.Heartbeat, activity) is { } limited)
        {
            return limited;
        }

        await _gate.EnterAsync();
        try
        {
            // Like every other command, a heartbeat fails fast while the pins are out of reach: a 200 would tell the
            // driver all is well and keep renewing a lease the robot cannot honour.
            if (!IsReadyToAct(out var why))
            {
                return Reject(RobotActions.Heartbeat, CommandStatus.Unavailable, CommandOutcomes.Unavailable, activity, why);
            }

            lock (_stateLock)
            {
                if (_motion != Direction.Stop)
                {
                    _leaseDeadline = DeadlineAfter(lease);
                    _leaseTimer.Change(lease, Timeout.InfiniteTimeSpan);
                }
            }

            return Accept(RobotActions.Heartbeat, activity, publish: false);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public async Task<CommandResult> SetEyeAsync(EyeState eye)
    {
        using var activity = StartCommandActivity(RobotTelemetry.Spans.Eye, RobotActions.Eye);
        activity?.SetTag(RobotTelemetry.Attributes.Eye, RobotJson.Name(eye));
        if (RefuseOverRate(RobotActions.Eye, activity) is { } limited)
        {
            return limited;
        }

        await _gate.EnterAsync();
        try
        {
            if (!IsReadyToAct(out var why))
            {
                return Reject(RobotActions.Eye, CommandStatus.Unavailable, CommandOutcomes.Unavailable, activity, why);
            }

            var lit = eye != EyeState.Off;
            if (WritePins(RobotActions.Eye, PinTag(_eye!.Pin), activity, () => _eye!.Write(lit)) is { } failed)
            {
                return failed;
            }

            lock (_stateLock)
            {
                _eyeState = eye;
                _eyeLit = lit;
            }

            var blink = TimeSpan.FromMilliseconds(_control.BlinkIntervalMs);
            _blinkTimer.Change(eye == EyeState.Blink ? blink : Timeout.InfiniteTimeSpan, eye == EyeState.Blink ? blink : Timeout.InfiniteTimeSpan);
            _metrics.SetEye(Name, eye);
            return Accept(RobotActions.Eye, activity);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public async Task<CommandResult> SetServoAsync(int index, double angle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Options.Servos.Count);

        using var activity = StartCommandActivity(RobotTelemetry.Spans.Servo, RobotActions.Servo);
        activity?.SetTag(RobotTelemetry.Attributes.ServoIndex, index);
        activity?.SetTag(RobotTelemetry.Attributes.ServoAngle, angle);
        if (Refuse(RobotActions.Servo, activity) is { } refused)
        {
            return refused;
        }

        var epoch = Interlocked.Read(ref _stopEpoch);
        await _gate.EnterAsync();
        try
        {
            // A servo moves an arm: the e-stop refuses it like a drive, but a wheel stop does not cancel it.
            if (RefuseInsideGate(RobotActions.Servo, epoch: null, activity) is { } late)
            {
                return late;
            }

            var servo = _servos[index];
            if (WritePins(RobotActions.Servo, PinTag(servo.Pin), activity, () => servo.WriteAngle(angle)) is { } failed)
            {
                return failed;
            }

            lock (_stateLock)
            {
                _servoAngles[index] = angle;
            }

            _metrics.SetServoAngle(Name, index, angle);
            return Accept(RobotActions.Servo, activity);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Motors off and eye off, ahead of every queued command: for the e-stop, shutdown and reconnects.</summary>
    public async Task<CommandResult> EnterSafeStateAsync(string reason)
    {
        using var activity = RobotTelemetry.ActivitySource.StartActivity(RobotTelemetry.Spans.SafeState);
        activity?.SetTag(RobotTelemetry.Attributes.Robot, Name);
        activity?.SetTag("robot.safe_state_reason", reason);
        Interlocked.Increment(ref _stopEpoch);
        await _gate.EnterAsync(priority: true);
        try
        {
            return SafeStateInsideGate(reason, activity);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Publishes the current state, e.g. after the e-stop latch changed.</summary>
    public void Publish()
    {
        RobotState state;
        lock (_stateLock)
        {
            _version++;
            state = Snapshot();
        }

        _events.Publish(state);
    }

    private CommandResult StopInsideGate(Activity? activity)
    {
        _leaseTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (!IsReady(out var why))
        {
            return Reject(RobotActions.Stop, CommandStatus.Unavailable, CommandOutcomes.Unavailable, activity, why);
        }

        if (WritePins(RobotActions.Stop, _directionPinsTag, activity, () => _drive!.Apply(Direction.Stop, 0)) is { } failed)
        {
            return failed;
        }

        lock (_stateLock)
        {
            _motion = Direction.Stop;
            _leaseDeadline = 0;
        }

        _metrics.SetMotion(Name, Direction.Stop);
        return Accept(RobotActions.Stop, activity);
    }

    private CommandResult SafeStateInsideGate(string reason, Activity? activity)
    {
        _leaseTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _blinkTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (!IsReady(out var why))
        {
            activity?.SetStatus(ActivityStatusCode.Error, why);
            return new CommandResult(CommandStatus.Unavailable, GetState(), why);
        }

        try
        {
            TimedWrite(_directionPinsTag, activity, () =>
            {
                _drive!.Apply(Direction.Stop, 0);
                _eye!.Write(false);
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RobotLog.BackendUnavailable(_logger, Name, Backend.Kind, ex.Message);
            return new CommandResult(CommandStatus.Unavailable, GetState(), ex.Message);
        }

        lock (_stateLock)
        {
            _motion = Direction.Stop;
            _eyeState = EyeState.Off;
            _eyeLit = false;
            _leaseDeadline = 0;
        }

        _safeStateOwed = false;
        _metrics.SetMotion(Name, Direction.Stop);
        _metrics.SetEye(Name, EyeState.Off);
        RobotLog.SafeState(_logger, Name, reason);
        Publish();
        return new CommandResult(CommandStatus.Accepted, GetState());
    }

    private CommandResult? Refuse(string action, Activity? activity)
    {
        if (_estop.RefusesMotion)
        {
            return Reject(action, CommandStatus.EmergencyStopped, CommandOutcomes.EmergencyStopped, activity,
                "The emergency stop is latched; release it before moving.");
        }

        return RefuseOverRate(action, activity);
    }

    private CommandResult? RefuseOverRate(string action, Activity? activity) =>
        _rateLimiter.TryAcquire()
            ? null
            : Reject(action, CommandStatus.RateLimited, CommandOutcomes.RateLimited, activity,
                $"More than {_control.MaxCommandsPerSecond} commands per second for robot '{Name}'.");

    private CommandResult? RefuseInsideGate(string action, long? epoch, Activity? activity)
    {
        // Checked again inside the gate: the e-stop or a stop may have arrived while this command waited.
        if (_estop.RefusesMotion)
        {
            return Reject(action, CommandStatus.EmergencyStopped, CommandOutcomes.EmergencyStopped, activity,
                "The emergency stop is latched; release it before moving.");
        }

        if (epoch is { } seen && seen != Interlocked.Read(ref _stopEpoch))
        {
            return Reject(action, CommandStatus.Superseded, CommandOutcomes.Superseded, activity,
                "A stop arrived while this command waited; it was not applied.");
        }

        if (!IsReadyToAct(out var why))
        {
            return Reject(action, CommandStatus.Unavailable, CommandOutcomes.Unavailable, activity, why);
        }

        return null;
    }

    /// <summary>Ready for anything but a stop: connected, and the safe state restored since the last loss.</summary>
    private bool IsReadyToAct(out string why)
    {
        if (!IsReady(out why))
        {
            return false;
        }

        if (_safeStateOwed)
        {
            why = $"Robot '{Name}' is back on its {Backend.Kind} backend and is being put in its safe state; send the command again.";
            return false;
        }

        return true;
    }

    /// <summary>Ready for a stop or the safe state: connected and initialised.</summary>
    private bool IsReady(out string why)
    {
        if (!Backend.IsConnected)
        {
            why = $"The {Backend.Kind} backend of robot '{Name}' is not connected.";
            return false;
        }

        if (_drive is null)
        {
            why = $"Robot '{Name}' has not been initialised on its backend yet.";
            return false;
        }

        why = string.Empty;
        return true;
    }

    private CommandResult? WritePins(string action, string pins, Activity? activity, Action write)
    {
        try
        {
            TimedWrite(pins, activity, write);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the backend threw (link lost, timeout, daemon error), the command did not take effect.
            RobotLog.BackendUnavailable(_logger, Name, Backend.Kind, ex.Message);
            return Reject(action, CommandStatus.Unavailable, CommandOutcomes.Unavailable, activity,
                $"The {Backend.Kind} backend of robot '{Name}' failed: {ex.Message}");
        }
    }

    private void TimedWrite(string pins, Activity? parent, Action write)
    {
        using var activity = RobotTelemetry.ActivitySource.StartActivity(RobotTelemetry.Spans.GpioWrite);
        activity?.SetTag(RobotTelemetry.Attributes.Backend, Backend.Kind);
        activity?.SetTag(RobotTelemetry.Attributes.Pins, pins);
        activity?.SetTag(RobotTelemetry.Attributes.Robot, Name);
        var start = Stopwatch.GetTimestamp();
        try
        {
            write();
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
            _metrics.ObserveGpioWrite(Backend.Kind, Stopwatch.GetElapsedTime(start));
        }
    }

    private Activity? StartCommandActivity(string span, string action)
    {
        var activity = RobotTelemetry.ActivitySource.StartActivity(span);
        activity?.SetTag(RobotTelemetry.Attributes.Robot, Name);
        activity?.SetTag(RobotTelemetry.Attributes.Action, action);
        activity?.SetTag(RobotTelemetry.Attributes.Backend, Backend.Kind);
        return activity;
    }

    private CommandResult Accept(string action, Activity? activity, bool publish = true)
    {
        _metrics.CountCommand(Name, action, CommandOutcomes.Accepted);
        activity?.SetTag(RobotTelemetry.Attributes.Outcome, CommandOutcomes.Accepted);
        if (publish)
        {
            Publish();
        }

        return new CommandResult(CommandStatus.Accepted, GetState());
    }

    private CommandResult Reject(string action, CommandStatus status, string outcome, Activity? activity, string detail)
    {
        _metrics.CountCommand(Name, action, outcome);
        activity?.SetTag(RobotTelemetry.Attributes.Outcome, outcome);
        activity?.SetStatus(ActivityStatusCode.Error, detail);
        return new CommandResult(status, GetState(), detail);
    }

    private async Task OnLeaseTimerAsync()
    {
        using var activity = RobotTelemetry.ActivitySource.StartActivity(RobotTelemetry.Spans.Deadman);
        activity?.SetTag(RobotTelemetry.Attributes.Robot, Name);
        Interlocked.Increment(ref _stopEpoch);
        await _gate.EnterAsync(priority: true);
        try
        {
            lock (_stateLock)
            {
                if (_motion == Direction.Stop)
                {
                    return;
                }

                var remaining = _time.GetElapsedTime(_time.GetTimestamp(), _leaseDeadline);
                if (remaining > TimeSpan.Zero)
                {
                    // A heartbeat renewed the lease after the timer fired: wait for the rest of it.
                    _leaseTimer.Change(remaining, Timeout.InfiniteTimeSpan);
                    return;
                }
            }

            RobotLog.DeadmanStop(_logger, Name);
            _metrics.CountDeadmanStop(Name);
            StopInsideGate(activity);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private async Task OnBlinkTimerAsync()
    {
        await _gate.EnterAsync();
        try
        {
            bool lit;
            lock (_stateLock)
            {
                if (_eyeState != EyeState.Blink || !IsReadyToAct(out _))
                {
                    return;
                }

                lit = !_eyeLit;
            }

            _eye!.Write(lit);
            lock (_stateLock)
            {
                _eyeLit = lit;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RobotLog.BlinkFailed(_logger, ex, Name);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private void OnConnectionChanged(object? sender, bool connected)
    {
        _metrics.SetBackendConnected(Name, Backend.Kind, connected);
        if (connected)
        {
            _ = OnConnectedAsync();
        }
        else
        {
            _safeStateOwed = true;
            RobotLog.BackendLost(_logger, Name, Backend.Kind);
            Publish();
        }
    }

    private async Task OnConnectedAsync()
    {
        try
        {
            RobotLog.BackendConnected(_logger, Name, Backend.Kind);
            Interlocked.Increment(ref _stopEpoch);
            await _gate.EnterAsync(priority: true);
            try
            {
                var reason = _everConnected ? "backend reconnected" : "start-up";
                if (_drive is null)
                {
                    // Opening the pins drives them low: the devices start in the safe state.
                    _drive = new DriveTrain(Backend, Options);
                    _eye = new EyeLed(Backend.Controller, Options.Eye!.Value);
                    _servos = [.. Options.Servos.Select(s => new Servo(Backend.CreatePwmChannel(s.Pin!.Value, Servo.FrequencyHz, 0), s))];
                }
                else
                {
                    // The daemon may have restarted with other duty cycles; never assume the old ones hold.
                    _drive.InvalidateDuty();
                    _metrics.CountReconnect(Name);
                }

                _everConnected = true;
                SafeStateInsideGate(reason, activity: null);
            }
            finally
            {
                _gate.Exit();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RobotLog.SafeStateFailed(_logger, ex, Name);
            Publish();
        }
    }

    private RobotState Snapshot()
    {
        var remaining = _motion == Direction.Stop || _leaseDeadline == 0
            ? 0
            : Math.Max(0, (int)_time.GetElapsedTime(_time.GetTimestamp(), _leaseDeadline).TotalMilliseconds);
        var servos = new ServoState[Options.Servos.Count];
        for (var i = 0; i < servos.Length; i++)
        {
            var s = Options.Servos[i];
            servos[i] = new ServoState(i, s.Pin!.Value, s.MinAngle, s.MaxAngle, _servoAngles[i]);
        }

        return new RobotState(
            Name,
            Backend.Kind,
            Backend.IsConnected,
            _motion,
            Options.HasSpeedControl ? _speed : null,
            Options.HasSpeedControl,
            _eyeState,
            servos,
            remaining,
            _estop.IsLatched,
            _version);
    }

    private long DeadlineAfter(TimeSpan lease) => _time.GetTimestamp() + (long)(lease.TotalSeconds * _time.TimestampFrequency);

    private static string PinTag(int pin) => pin.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Backend.ConnectionChanged -= OnConnectionChanged;
        _leaseTimer.Dispose();
        _blinkTimer.Dispose();
        _drive?.Dispose();
        foreach (var servo in _servos)
        {
            servo.Dispose();
        }

        Backend.Dispose();
    }
}
