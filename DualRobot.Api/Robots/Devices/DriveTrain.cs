using System.Device.Gpio;
using System.Device.Pwm;
using DualRobot.Api.Gpio;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Robots.Devices;

/// <summary>
/// Two DC motors on an H-bridge (L298N style): per side a forward and a backward input, and optionally an enable
/// pin driven by PWM for speed. Every motion is a pair of side values, applied as one batched write of the four
/// inputs and the changed duties, so a remote backend sends it in one round trip and never shows the bridge a
/// half-applied pattern.
/// </summary>
internal sealed class DriveTrain : IDisposable
{
    private readonly GpioBackend _backend;
    private readonly int _leftForward;
    private readonly int _leftBackward;
    private readonly int _rightForward;
    private readonly int _rightBackward;
    private readonly double _leftTrim;
    private readonly double _rightTrim;
    private readonly double _onOffThreshold;
    private readonly PwmChannel? _leftEnable;
    private readonly PwmChannel? _rightEnable;
    private double _leftDuty = double.NaN;
    private double _rightDuty = double.NaN;

    public DriveTrain(GpioBackend backend, RobotOptions options)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        _backend = backend;
        _leftForward = options.LeftMotor!.Forward!.Value;
        _leftBackward = options.LeftMotor.Backward!.Value;
        _rightForward = options.RightMotor!.Forward!.Value;
        _rightBackward = options.RightMotor.Backward!.Value;
        _leftTrim = options.LeftMotor.Trim;
        _rightTrim = options.RightMotor.Trim;
        _onOffThreshold = options.OnOffThreshold;

        foreach (var pin in DirectionPins)
        {
            backend.Controller.OpenPin(pin, PinMode.Output, PinValue.Low);
        }

        if (options.HasSpeedControl)
        {
            // Duty 0 at start, as gpiozero did: nothing turns until a speed is applied with a motion.
            _leftEnable = backend.CreatePwmChannel(options.LeftMotor.Enable!.Value, options.EnableFrequency, 0);
            _rightEnable = backend.CreatePwmChannel(options.RightMotor.Enable!.Value, options.EnableFrequency, 0);
            _leftDuty = 0;
            _rightDuty = 0;
        }
    }

    public bool HasSpeedControl => _leftEnable is not null;

    public IReadOnlyList<int> DirectionPins => [_leftForward, _leftBackward, _rightForward, _rightBackward];

    /// <summary>What each side is set to for <paramref name="sides"/>: directions, duties and the values in effect.</summary>
    public (SideOutput Left, SideOutput Right) OutputsFor(SideValues sides) =>
        (SideOutput.For(sides.Left, _leftTrim, HasSpeedControl, _onOffThreshold),
         SideOutput.For(sides.Right, _rightTrim, HasSpeedControl, _onOffThreshold));

    /// <summary>The pins and levels a motion writes, in the robot's own wiring.</summary>
    public PinValuePair[] PatternFor(SideValues sides)
    {
        var (left, right) = OutputsFor(sides);
        return PatternFor(left, right);
    }

    /// <summary>A drive direction at a speed (0..1): the velocity preset of that direction.</summary>
    /// <param name="lease">How long the motion may run without another write (the robot's watchdog's kick); a stop needs none.</param>
    public SideValues Apply(Direction direction, double speed, TimeSpan lease = default)
    {
        if (double.IsNaN(speed) || speed is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must lie within 0..1.");
        }

        return Apply(SideValues.Preset(direction, speed), lease);
    }

    /// <summary>
    /// Applies a motion in one write: the watchdog's kick, inputs that go low, the duties that changed, inputs that go
    /// high (see <see cref="GpioBackend.WriteMotion"/>). Sides that stand still stand the watchdog down instead.
    /// </summary>
    /// <param name="lease">How long the motion may run without another write; ignored when both sides stand still.</param>
    /// <returns>The side values in effect (a side without an enable pin runs −1, 0 or 1).</returns>
    public SideValues Apply(SideValues sides, TimeSpan lease = default)
    {
        var applied = Write(sides, lease);
        if (applied.Fired && !applied.Sides.IsStopped)
        {
            // The watchdog turned the motors off before (or while) this motion went out: its duties may be 0 now
            // whatever they were, so the whole motion is written again, duties included.
            InvalidateDuty();
            applied = Write(sides, lease);
        }

        return applied.Sides;
    }

    /// <summary>Renews the robot's watchdog for a held motion (a heartbeat).</summary>
    /// <returns>True when the watchdog had stopped the motors: the motion is over, and the caller stops.</returns>
    public bool Renew(TimeSpan lease) => _backend.RenewMotion(lease);

    private (SideValues Sides, bool Fired) Write(SideValues sides, TimeSpan lease)
    {
        var (left, right) = OutputsFor(sides);
        var pins = PatternFor(left, right);

        // Unchanged duties are not sent: a drive at constant speed stays one BC1 and one BS1.
        Span<PwmDuty> duties = new PwmDuty[2];
        var count = 0;
        if (HasSpeedControl)
        {
            if (!left.Duty.Equals(_leftDuty))
            {
                duties[count++] = new PwmDuty(_leftEnable!, left.Duty);
            }

            if (!right.Duty.Equals(_rightDuty))
            {
                duties[count++] = new PwmDuty(_rightEnable!, right.Duty);
            }
        }

        var moving = left.Direction != MotorDirection.Off || right.Direction != MotorDirection.Off;
        if (moving && lease <= TimeSpan.Zero)
        {
            // Without a lease the robot's watchdog would stand down while the wheels turn.
            throw new ArgumentOutOfRangeException(nameof(lease), lease, "A motion needs a positive lease.");
        }

        bool fired;
        try
        {
            fired = _backend.WriteMotion(pins, duties[..count], moving ? lease : TimeSpan.Zero);
        }
        catch
        {
            // Whether the duties arrived is unknown; the next motion writes them again.
            InvalidateDuty();
            throw;
        }

        if (HasSpeedControl)
        {
            _leftDuty = left.Duty;
            _rightDuty = right.Duty;
        }

        return (new SideValues(left.Value, right.Value), fired);
    }

    private PinValuePair[] PatternFor(SideOutput left, SideOutput right) =>
    [
        new(_leftForward, left.Direction == MotorDirection.Forward),
        new(_leftBackward, left.Direction == MotorDirection.Backward),
        new(_rightForward, right.Direction == MotorDirection.Forward),
        new(_rightBackward, right.Direction == MotorDirection.Backward),
    ];

    /// <summary>Forgets what duty the enable pins hold, so the next motion writes it again (after a reconnect).</summary>
    public void InvalidateDuty()
    {
        _leftDuty = double.NaN;
        _rightDuty = double.NaN;
    }

    public void Dispose()
    {
        _leftEnable?.Dispose();
        _rightEnable?.Dispose();
    }
}
