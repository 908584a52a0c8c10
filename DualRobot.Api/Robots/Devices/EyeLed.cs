using System.Device.Gpio;

namespace DualRobot.Api.Robots.Devices;

/// <summary>The robot's eye: one LED on one output pin.</summary>
internal sealed class EyeLed
{
    private readonly GpioController _controller;

    public EyeLed(GpioController controller, int pin)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentOutOfRangeException.ThrowIfNegative(pin);
        _controller = controller;
        Pin = pin;
        controller.OpenPin(pin, PinMode.Output, PinValue.Low);
    }

    public int Pin { get; }

    public void Write(bool lit) => _controller.Write(Pin, lit ? PinValue.High : PinValue.Low);
}
