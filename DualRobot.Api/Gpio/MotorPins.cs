namespace DualRobot.Api.Gpio;

/// <summary>
/// A robot's motor pins, for a backend that stops the motors by itself (the pigpio watchdog script): the H-bridge
/// inputs, written low, and the enable (PWM) pins, whose duty goes to 0. The eye and the servos are never among them.
/// </summary>
public sealed record MotorPins(IReadOnlyList<int> Direction, IReadOnlyList<int> Enable);
