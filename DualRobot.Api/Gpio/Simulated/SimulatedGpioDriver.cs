using System.Collections.Concurrent;
using System.Device.Gpio;

namespace DualRobot.Api.Gpio.Simulated;

/// <summary>
/// Pins held in memory. dotnet/iot ships no usable simulation (its DummyGpioDriver throws for everything), so this
/// is the backend that runs on a laptop, in CI and in the benchmarks.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly ConcurrentDictionary<int, PinMode> _modes = new();
    private readonly ConcurrentDictionary<int, PinValue> _levels = new();
    private long _writes;

    /// <summary>Every level write ever made, including writes of the level a pin already had.</summary>
    public long WriteCount => Interlocked.Read(ref _writes);

    protected override int PinCount => 54;

    public PinValue GetLevel(int pin) => _levels.GetValueOrDefault(pin, PinValue.Low);

    public PinMode? GetMode(int pin) => _modes.TryGetValue(pin, out var mode) ? mode : null;

    protected override void OpenPin(int pinNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pinNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pinNumber, PinCount);
        _modes.TryAdd(pinNumber, PinMode.Input);
    }

    protected override void ClosePin(int pinNumber) => _modes.TryRemove(pinNumber, out _);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => _modes.GetValueOrDefault(pinNumber, PinMode.Input);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullDown or PinMode.InputPullUp;

    protected override PinValue Read(int pinNumber) => GetLevel(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        _levels[pinNumber] = value;
        Interlocked.Increment(ref _writes);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The robots have no inputs; the simulation raises no pin events.");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The robots have no inputs; the simulation raises no pin events.");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The robots have no inputs; the simulation raises no pin events.");
}
