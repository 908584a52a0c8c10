using System.Device.Pwm;

namespace DualRobot.Api.Gpio;

/// <summary>A duty cycle (0..1) for a PWM channel of the same backend, written together with pin levels.</summary>
public readonly record struct PwmDuty(PwmChannel Channel, double DutyCycle);
