using System.Device.Pwm;

namespace DualRobot.Api.Gpio.Simulated;

/// <summary>A PWM output whose duty cycle and frequency live in memory.</summary>
public sealed class SimulatedPwmChannel : PwmChannel
{
    private readonly Action<SimulatedPwmChannel> _onChange;
    private int _frequency;
    private double _dutyCycle;

    internal SimulatedPwmChannel(int pin, int frequency, double dutyCycle, Action<SimulatedPwmChannel> onChange)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frequency, 1);
        ValidateDutyCycle(dutyCycle);
        Pin = pin;
        _frequency = frequency;
        _dutyCycle = dutyCycle;
        _onChange = onChange;
    }

    public int Pin { get; }

    public bool IsRunning { get; private set; }

    /// <summary>What the pin actually outputs: the duty cycle while started, otherwise nothing.</summary>
    public double EffectiveDutyCycle => IsRunning ? _dutyCycle : 0;

    public override int Frequency
    {
        get => _frequency;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _frequency = value;
            _onChange(this);
        }
    }

    public override double DutyCycle
    {
        get => _dutyCycle;
        set
        {
            ValidateDutyCycle(value);
            _dutyCycle = value;
            _onChange(this);
        }
    }

    public override void Start()
    {
        IsRunning = true;
        _onChange(this);
    }

    public override void Stop()
    {
        IsRunning = false;
        _onChange(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            IsRunning = false;
        }

        base.Dispose(disposing);
    }

    private static void ValidateDutyCycle(double dutyCycle)
    {
        if (double.IsNaN(dutyCycle))
        {
            throw new ArgumentOutOfRangeException(nameof(dutyCycle), dutyCycle, "The duty cycle must be a number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(dutyCycle);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dutyCycle, 1.0);
    }
}
