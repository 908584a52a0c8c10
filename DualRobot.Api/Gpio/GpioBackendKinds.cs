namespace DualRobot.Api.Gpio;

/// <summary>The values of a robot's <c>Backend</c> setting, and the <see cref="GpioBackend.Kind"/> of each backend.</summary>
public static class GpioBackendKinds
{
    public const string Simulated = "Simulated";
    public const string Pigpio = "Pigpio";
    public const string Gpiod = "Gpiod";

    public static readonly IReadOnlyList<string> All = [Simulated, Pigpio, Gpiod];
}
