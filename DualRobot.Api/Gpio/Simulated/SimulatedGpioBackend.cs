using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Device.Pwm;

namespace DualRobot.Api.Gpio.Simulated;

/// <summary>In-memory pins and PWM: the default backend, so the whole system runs without a Pi.</summary>
public sealed class SimulatedGpioBackend : GpioBackend
{
    private readonly SimulatedGpioDriver _driver = new();
    private readonly ConcurrentDictionary<int, SimulatedPwmChannel> _pwm = new();
    private long _pwmChanges;

    public SimulatedGpioBackend()
        : base(initiallyConnected: true)
    {
        Controller = new GpioController(_driver);
    }

    public override string Kind => GpioBackendKinds.Simulated;

    public override GpioController Controller { get; }

    /// <summary>Level writes plus PWM changes: a rejected request must leave this unchanged.</summary>
    public long ChangeCount => _driver.WriteCount + Interlocked.Read(ref _pwmChanges);

    public PinValue GetLevel(int pin) => _driver.GetLevel(pin);

    public PinMode? GetMode(int pin) => _driver.GetMode(pin);

    /// <summary>The duty cycle a PWM pin outputs now (0 when stopped), or null if the pin is not PWM.</summary>
    public double? GetDutyCycle(int pin) => _pwm.TryGetValue(pin, out var channel) ? channel.EffectiveDutyCycle : null;

    public int? GetPwmFrequency(int pin) => _pwm.TryGetValue(pin, out var channel) ? channel.Frequency : null;

    public override PwmChannel CreatePwmChannel(int pin, int frequency, double dutyCycle)
    {
        var channel = new SimulatedPwmChannel(pin, frequency, dutyCycle, _ => Interlocked.Increment(ref _pwmChanges));
        if (!_pwm.TryAdd(pin, channel))
        {
            channel.Dispose();
            throw new InvalidOperationException($"Pin {pin} already has a PWM channel.");
        }

        channel.Start();
        return channel;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var channel in _pwm.Values)
            {
                channel.Dispose();
            }

            Controller.Dispose();
        }

        base.Dispose(disposing);
    }
}
