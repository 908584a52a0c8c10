using DualRobot.Api.Gpio.Gpiod;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Gpio;

/// <summary>
/// Builds each robot's backend from its configuration: the one place that maps a <see cref="GpioBackendKinds"/> name
/// to its class (the options validator checks the names; the robot asks a backend's kind only whether it is simulated).
/// </summary>
public sealed class GpioBackendFactory(IOptions<PigpioOptions> pigpio, ILoggerFactory loggers, TimeProvider time)
{
    public GpioBackend Create(string robotName, RobotOptions robot) => robot.Backend switch
    {
        var kind when Is(kind, GpioBackendKinds.Simulated) => new SimulatedGpioBackend(),
        var kind when Is(kind, GpioBackendKinds.Pigpio) =>
            new PigpioGpioBackend(robot.Host!, robot.Port, pigpio.Value, loggers.CreateLogger<PigpioGpioBackend>(), time, robot.MotorPins()),
        var kind when Is(kind, GpioBackendKinds.Gpiod) => new GpiodGpioBackend(robot.Chip, robot.PwmChip, loggers.CreateLogger<GpiodGpioBackend>()),
        _ => throw new InvalidOperationException($"Robots:{robotName}:Backend: '{robot.Backend}' is not supported."),
    };

    private static bool Is(string configured, string kind) => string.Equals(configured, kind, StringComparison.OrdinalIgnoreCase);
}
