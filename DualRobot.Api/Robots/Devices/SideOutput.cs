namespace DualRobot.Api.Robots.Devices;

/// <summary>
/// What one side of the H-bridge is set to for a side value: its direction inputs, its enable duty, and the value
/// it really runs at (what the pose and the state report).
/// </summary>
/// <param name="Direction">Which IN pin is high, if either.</param>
/// <param name="Duty">The enable pin's duty, <c>|value| × trim</c>; 0 on a side without an enable pin.</param>
/// <param name="Value">The side value in effect, −1..1: the value itself with an enable pin, else −1, 0 or 1.</param>
internal readonly record struct SideOutput(MotorDirection Direction, double Duty, double Value)
{
    /// <param name="value">The side value, −1..1.</param>
    /// <param name="trim">0..1: scales the duty so a stronger motor matches the weaker one.</param>
    /// <param name="hasEnable">Whether the side has an enable (PWM) pin.</param>
    /// <param name="onOffThreshold">Without an enable pin, the side runs full at |value| ≥ this and is off below.</param>
    public static SideOutput For(double value, double trim, bool hasEnable, double onOffThreshold)
    {
        if (double.IsNaN(value) || value is < -1 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A side value must lie within -1..1.");
        }

        var direction = value switch
        {
            > 0 => MotorDirection.Forward,
            < 0 => MotorDirection.Backward,
            _ => MotorDirection.Off,
        };

        if (hasEnable)
        {
            return new SideOutput(direction, Math.Abs(value) * trim, direction == MotorDirection.Off ? 0 : value);
        }

        return Math.Abs(value) >= onOffThreshold
            ? new SideOutput(direction, 0, Math.Sign(value))
            : new SideOutput(MotorDirection.Off, 0, 0);
    }
}
