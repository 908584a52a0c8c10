using DualRobot.Api.Gpio;

namespace DualRobot.Api.Robots.Devices;

/// <summary>A robot's opened devices. Opening drives every pin low: the devices start in the safe state.</summary>
internal sealed class RobotDevices : IDisposable
{
    public RobotDevices(GpioBackend backend, RobotOptions options)
    {
        Drive = new DriveTrain(backend, options);
        Eye = new EyeLed(backend.Controller, options.Eye!.Value);
        Servos = [.. options.Servos.Select(s => new Servo(backend.CreatePwmChannel(s.Pin!.Value, Servo.FrequencyHz, 0), s))];
        DirectionPinsTag = string.Join(',', Drive.DirectionPins);
    }

    public DriveTrain Drive { get; }

    public EyeLed Eye { get; }

    public IReadOnlyList<Servo> Servos { get; }

    /// <summary>The four direction pins, as the <c>gpio.pins</c> tag of a motion's write.</summary>
    public string DirectionPinsTag { get; }

    public void Dispose()
    {
        Drive.Dispose();
        foreach (var servo in Servos)
        {
            servo.Dispose();
        }
    }
}
