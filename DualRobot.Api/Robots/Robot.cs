using DualRobot.Api.Audit;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio;
using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Commands.Admission;
using DualRobot.Api.Robots.Motion;
using DualRobot.Api.Safety;

namespace DualRobot.Api.Robots;

/// <summary>
/// One robot: its devices over one GPIO backend, its state, its command queue, its deadman and its eye blink.
/// Commands of one robot are applied one at a time in arrival order; robots never wait for each other. Every
/// command goes through the one <see cref="CommandPipeline"/>; this class only names them.
/// </summary>
public sealed class Robot : IDisposable
{
    private readonly RobotContext _robot;
    private readonly CommandPipeline _pipeline;
    private readonly OperatorControl? _operators;

    public Robot(
        string name,
        RobotOptions options,
        GpioBackend backend,
        ControlOptions control,
        EmergencyStopLatch estop,
        RobotEventHub events,
        RobotMetrics metrics,
        TimeProvider time,
        ILogger logger,
        RobotEventsOptions? eventOptions = null,
        ControlClaims? claims = null,
        AuditTrail? audit = null,
        RobotSafety? safety = null)
    {
        Name = name;
        Options = options;
        Backend = backend;
        var lease = new DeadmanLease(time, () => _pipeline!.RunAsync(new DeadmanStopCommand()));
        var blinker = new EyeBlinker(time, TimeSpan.FromMilliseconds(control.BlinkIntervalMs), BlinkAsync);
        var instrumentation = new RobotInstrumentation(name, backend.Kind, metrics, logger);
        var arena = backend.Kind == GpioBackendKinds.Simulated
            ? new Arena(options.Kinematics.ArenaMeters.Width, options.Kinematics.ArenaMeters.Height)
            : null;
        var envelope = safety is null ? null : new SafetyEnvelope(name, options, arena, backend.Kind != GpioBackendKinds.Simulated, safety);
        var state = new RobotStateStore(name, options, backend, estop, lease, events, new PoseEstimator(options.Kinematics, arena, time), instrumentation, envelope);
        state.PublishWhileMoving(time, (eventOptions ?? new RobotEventsOptions()).PoseInterval);
        _robot = new RobotContext(name, options, backend, state, lease, blinker, instrumentation) { Envelope = envelope };
        _operators = claims is null ? null : new OperatorControl(name, state, claims, audit);
        _pipeline = new CommandPipeline(_robot,
        [
            new StaleCommandRule(control, time),
            new EmergencyStopRule(estop),
            .. _operators is null ? Array.Empty<IAdmissionRule>() : [_operators],
            new RateLimitRule(name, control, time),
            new SupersededByStopRule(_robot.StopEpoch),
            new ReadinessRule(_robot),
            .. envelope is null ? Array.Empty<IAdmissionRule>() : [new EnvelopeRule(_robot, envelope)],
        ], _operators);
        instrumentation.Register(options.Servos.Count, options.HasSpeedControl);
    }

    public string Name { get; }

    public RobotOptions Options { get; }

    public GpioBackend Backend { get; }

    /// <summary>Opens the pins (in their safe state) once the backend is reachable, now or when it connects.</summary>
    public async Task StartAsync()
    {
        Backend.ConnectionChanged += OnConnectionChanged;
        Backend.WatchdogFired += OnWatchdogFired;
        Backend.Start();
        _robot.Instrumentation.BackendConnected(Backend.IsConnected);
        if (Backend.IsConnected)
        {
            await OnConnectedAsync();
        }
        else
        {
            Publish();
        }
    }

    public RobotState GetState() => _robot.State.AdvanceAndSnapshot();

    // The user is who sent the command (null: the api itself, untracked); claims and the audit trail go by it.
    // The role (null: every role) decides the speed cap of a motion.
    public Task<CommandResult> DriveAsync(
        Direction direction, double? speed, TimeSpan lease, CommandDeadline? deadline = null, string? user = null, string? role = null) =>
        direction == Direction.Stop
            ? StopAsync(user)
            : _pipeline.RunAsync(new DriveCommand(direction, speed, lease) { Deadline = deadline, User = user, Role = role });

    /// <summary>Drives each side at its own value (−1..1) for a lease.</summary>
    /// <param name="twist">The linear and angular velocity the sides were mixed from, if that was the form.</param>
    public Task<CommandResult> VelocityAsync(
        SideValues sides, (double Linear, double Angular)? twist, TimeSpan lease, CommandDeadline? deadline = null, string? user = null, string? role = null) =>
        _pipeline.RunAsync(new VelocityCommand(sides, twist, lease) { Deadline = deadline, User = user, Role = role });

    /// <summary>Puts the estimated pose back at 0, 0, 0.</summary>
    public Task<CommandResult> ResetPoseAsync(CommandDeadline? deadline = null, string? user = null) =>
        _pipeline.RunAsync(new PoseResetCommand { Deadline = deadline, User = user });

    /// <summary>
    /// Stops the wheels. Never rate limited, never refused by the e-stop or by another user's claim, and ahead of
    /// every queued motion.
    /// </summary>
    public Task<CommandResult> StopAsync(string? user = null) => _pipeline.RunAsync(new StopCommand { User = user });

    /// <summary>Renews the lease of the current motion.</summary>
    public Task<CommandResult> HeartbeatAsync(TimeSpan lease, CommandDeadline? deadline = null, string? user = null, string? role = null) =>
        _pipeline.RunAsync(new HeartbeatCommand(lease) { Deadline = deadline, User = user, Role = role });

    public Task<CommandResult> SetEyeAsync(EyeState eye, CommandDeadline? deadline = null, string? user = null) =>
        _pipeline.RunAsync(new EyeCommand(eye) { Deadline = deadline, User = user });

    public Task<CommandResult> SetServoAsync(int index, double angle, CommandDeadline? deadline = null, string? user = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Options.Servos.Count);
        return _pipeline.RunAsync(new ServoCommand(index, angle) { Deadline = deadline, User = user });
    }

    /// <summary>
    /// Moves the robot's control claim to <paramref name="user"/> and stops it. Refused (InUse) while another user
    /// is driving it, unless <paramref name="immediate"/> (a supervisor).
    /// </summary>
    public Task<CommandResult> TakeControlAsync(string user, bool immediate) => _operators is null
        ? throw new InvalidOperationException($"Robot '{Name}' tracks no control claims.")
        : _operators.TakeControlAsync(user, immediate, () => StopAsync(user));

    /// <summary>Runs any command through the robot's pipeline: what a command without a method of its own here uses.</summary>
    internal Task<CommandResult> RunAsync(RobotCommand command) => _pipeline.RunAsync(command);

    /// <summary>The robot's pipeline, whose stages a group command takes one at a time for every member.</summary>
    internal CommandPipeline Pipeline => _pipeline;

    /// <summary>Moves with every stop that took effect (or superseded what waited): a group sees a member stopped by anyone.</summary>
    internal long StopEpoch => _robot.StopEpoch.Current;

    /// <summary>Motors off and eye off, ahead of every queued command: for the e-stop, shutdown and reconnects.</summary>
    public Task<CommandResult> EnterSafeStateAsync(string reason) => _pipeline.RunAsync(new SafeStateCommand(reason));

    /// <summary>Gives up <paramref name="user"/>'s control claim, so anyone may drive at once; false if they held none.</summary>
    public bool ReleaseControl(string user) => _operators?.ReleaseControl(user) ?? false;

    /// <summary>Completes once a probe got through the robot's command queue (ahead of motions, like a stop): it is not stuck.</summary>
    public Task ProbeAsync() => _robot.Gate.RunAsync(priority: true, () => true);

    /// <summary>Publishes the current state, e.g. after the e-stop latch changed.</summary>
    public void Publish() => _robot.State.Publish();

    private void OnConnectionChanged(object? sender, bool connected)
    {
        _robot.Instrumentation.BackendConnected(connected);
        if (connected)
        {
            _ = OnConnectedAsync();
        }
        else
        {
            _robot.SafeStateOwed = true;
            _robot.Instrumentation.Lost();
            Publish();
        }
    }

    private void OnWatchdogFired(object? sender, int fires) => _robot.Instrumentation.WatchdogFired(fires);

    private async Task OnConnectedAsync()
    {
        try
        {
            _robot.Instrumentation.Connected();
            await _pipeline.RunAsync(new ReconnectCommand());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _robot.Instrumentation.SafeStateFailed(ex);
            Publish();
        }
    }

    /// <summary>One blink: toggles the LED in turn with the commands. Not a command: no span, no count, no publish.</summary>
    private Task<bool> BlinkAsync() => _robot.Gate.RunAsync(priority: false, () =>
    {
        try
        {
            if (_robot.State.Eye != EyeState.Blink || !_robot.IsReady(forStop: false, out _))
            {
                return false;
            }

            var lit = !_robot.State.EyeLit;
            _robot.Devices!.Eye.Write(lit);
            _robot.State.EyeLit = lit;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _robot.Instrumentation.BlinkFailed(ex);
            return false;
        }
    });

    public void Dispose()
    {
        Backend.ConnectionChanged -= OnConnectionChanged;
        Backend.WatchdogFired -= OnWatchdogFired;
        _robot.Lease.Dispose();
        _robot.State.Dispose();
        _robot.Blinker.Dispose();
        _robot.Devices?.Dispose();
        Backend.Dispose();
    }
}
