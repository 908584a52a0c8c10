using DualRobot.Api.Gpio.Gpiod;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Gpio;

/// <summary>Builds each robot's backend from its configuration; the only place that knows the backend kinds.</summary>
public sealed class GpioBackendFactory(IOptions<PigpioOptions> pigpio, ILoggerFactory loggers, TimeProvider time)
{
    public GpioBackend Create(string robotName, RobotOptions robot) => robot.Backend.ToUpperInvariant() switch
    {
        "SIMULATED" => new SimulatedGpioBackend(),
        "PIGPIO" => new PigpioGpioBackend(robot.Host!, robot.Port, pigpio.Value, loggers.CreateLogger<PigpioGpioBackend>(), time, robot.MotorPins()),
        "GPIOD" => new GpiodGpioBackend(robot.Chip, robot.PwmChip, loggers.CreateLogger<GpiodGpioBackend>()),
        _ => throw new InvalidOperationException($"Robots:{robotName}:Backend: '{robot.Backend}' is not supported."),
    };
}
