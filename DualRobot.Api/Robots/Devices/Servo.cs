using System.Device.Pwm;

namespace DualRobot.Api.Robots.Devices;

/// <summary>
/// A hobby servo on a 50 Hz PWM channel, addressed by angle within its configured range (like gpiozero's
/// AngularServo, which also drove servos by PWM through pigpiod). Starts without pulses, so start-up never moves it.
/// </summary>
internal sealed class Servo : IDisposable
{
    public const int FrequencyHz = 50;
    private const double FramePeriodMicroseconds = 1_000_000.0 / FrequencyHz;

    private readonly PwmChannel _channel;

    public Servo(PwmChannel channel, ServoOptions options)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        _channel = channel;
        Pin = options.Pin!.Value;
        MinAngle = options.MinAngle;
        MaxAngle = options.MaxAngle;
        MinPulseWidthMicroseconds = options.MinPulseWidthMicroseconds;
        MaxPulseWidthMicroseconds = options.MaxPulseWidthMicroseconds;
    }

    public int Pin { get; }

    public double MinAngle { get; }

    public double MaxAngle { get; }

    public double MinPulseWidthMicroseconds { get; }

    public double MaxPulseWidthMicroseconds { get; }

    public double PulseWidthFor(double angle)
    {
        if (double.IsNaN(angle) || angle < MinAngle || angle > MaxAngle)
        {
            throw new ArgumentOutOfRangeException(nameof(angle), angle, $"The angle must lie within {MinAngle}..{MaxAngle}.");
        }

        var fraction = (angle - MinAngle) / (MaxAngle - MinAngle);
        return MinPulseWidthMicroseconds + (fraction * (MaxPulseWidthMicroseconds - MinPulseWidthMicroseconds));
    }

    public void WriteAngle(double angle) => _channel.DutyCycle = PulseWidthFor(angle) / FramePeriodMicroseconds;

    public void Dispose() => _channel.Dispose();
}
