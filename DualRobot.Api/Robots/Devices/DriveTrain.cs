using System.Device.Gpio;
using System.Device.Pwm;
using DualRobot.Api.Gpio;

namespace DualRobot.Api.Robots.Devices;

/// <summary>
/// Two DC motors on an H-bridge (L298N style): per motor a forward and a backward input, and optionally an enable
/// pin driven by PWM for speed. A motion is one batched write of the four inputs, so a remote backend sends it in
/// one round trip and never shows the bridge a half-applied pattern.
/// </summary>
internal sealed class DriveTrain : IDisposable
{
    private readonly GpioBackend _backend;
    private readonly int _leftForward;
    private readonly int _leftBackward;
    private readonly int _rightForward;
    private readonly int _rightBackward;
    private readonly PwmChannel? _leftEnable;
    private readonly PwmChannel? _rightEnable;
    private double _appliedDuty = double.NaN;

    public DriveTrain(GpioBackend backend, RobotOptions options)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        _backend = backend;
        _leftForward = options.LeftMotor!.Forward!.Value;
        _leftBackward = options.LeftMotor.Backward!.Value;
        _rightForward = options.RightMotor!.Forward!.Value;
        _rightBackward = options.RightMotor.Backward!.Value;

        foreach (var pin in DirectionPins)
        {
            backend.Controller.OpenPin(pin, PinMode.Output, PinValue.Low);
        }

        if (options.HasSpeedControl)
        {
            // Duty 0 at start, as gpiozero did: nothing turns until a speed is applied with a motion.
            _leftEnable = backend.CreatePwmChannel(options.LeftMotor.Enable!.Value, options.EnableFrequency, 0);
            _rightEnable = backend.CreatePwmChannel(options.RightMotor.Enable!.Value, options.EnableFrequency, 0);
            _appliedDuty = 0;
        }
    }

    public bool HasSpeedControl => _leftEnable is not null;

    public IReadOnlyList<int> DirectionPins => [_leftForward, _leftBackward, _rightForward, _rightBackward];

    /// <summary>The pins and levels a motion writes, in the robot's own wiring.</summary>
    public PinValuePair[] PatternFor(Direction direction)
    {
        var (left, right) = direction switch
        {
            Direction.Forward => (MotorDirection.Forward, MotorDirection.Forward),
            Direction.Backward => (MotorDirection.Backward, MotorDirection.Backward),
            Direction.Left => (MotorDirection.Backward, MotorDirection.Forward),
            Direction.Right => (MotorDirection.Forward, MotorDirection.Backward),
            Direction.Stop => (MotorDirection.Off, MotorDirection.Off),
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown direction."),
        };

        return
        [
            new(_leftForward, left == MotorDirection.Forward),
            new(_leftBackward, left == MotorDirection.Backward),
            new(_rightForward, right == MotorDirection.Forward),
            new(_rightBackward, right == MotorDirection.Backward),
        ];
    }

    /// <summary>
    /// Applies a motion. Stopping clears the inputs before touching the duty; starting sets the duty after the
    /// inputs, so a speed change never briefly powers an old direction.
    /// </summary>
    public void Apply(Direction direction, double speed)
    {
        if (double.IsNaN(speed) || speed is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must lie within 0..1.");
        }

        _backend.Write(PatternFor(direction));
        if (HasSpeedControl && direction != Direction.Stop)
        {
            SetDuty(speed);
        }
    }

    /// <summary>Forgets what duty the enable pins hold, so the next motion writes it again (after a reconnect).</summary>
    public void InvalidateDuty() => _appliedDuty = double.NaN;

    private void SetDuty(double duty)
    {
        // Skipping an unchanged duty keeps a drive at constant speed to a single round trip on remote backends.
        if (duty.Equals(_appliedDuty))
        {
            return;
        }

        _leftEnable!.DutyCycle = duty;
        _rightEnable!.DutyCycle = duty;
        _appliedDuty = duty;
    }

    public void Dispose()
    {
        _leftEnable?.Dispose();
        _rightEnable?.Dispose();
    }
}
