using DualRobot.Api.Gpio.Gpiod;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Gpio;

/// <summary>Builds each robot's backend from its configuration; the only place that knows the backend kinds.</summary>
public sealed class GpioBackendFactory
{
    public GpioBackend Create(string robotName, RobotOptions robot) => robot.Backend.ToUpperInvariant() switch
    {
        "SIMULATED" => new SimulatedGpioBackend(),
        "GPIOD" => new GpiodGpioBackend(robot.Chip, robot.PwmChip),
        _ => throw new InvalidOperationException($"Robots:{robotName}:Backend: '{robot.Backend}' is not supported."),
    };
}
