using System.Text.RegularExpressions;
using DualRobot.Api.Gpio;
using DualRobot.Api.Robots.Motion;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Robots;

/// <summary>
/// Refuses a fleet that could wire a robot wrongly: every message names the robot and the field, so a typo in
/// appsettings.json is found at start-up rather than when a wheel turns the wrong way.
/// </summary>
public sealed partial class RobotFleetOptionsValidator : IValidateOptions<RobotFleetOptions>
{
    // BCM GPIO numbers pigpio accepts (0–53); wider than any Pi header so any board fits.
    private const int MaxPin = 53;

    public ValidateOptionsResult Validate(string? name, RobotFleetOptions options)
    {
        var failures = new List<string>();
        if (!options.Values.Any(r => r.Enabled))
        {
            failures.Add($"{RobotFleetOptions.SectionName}: no robot is configured (or every robot has Enabled=false).");
        }

        // Pins are unique per controller: robots on the same pigpiod or the same local chip share one.
        var pinOwners = new Dictionary<(string Controller, int Pin), string>();

        foreach (var (robotName, robot) in options.Where(entry => entry.Value.Enabled))
        {
            var prefix = $"{RobotFleetOptions.SectionName}:{robotName}";
            if (!RobotNamePattern().IsMatch(robotName))
            {
                failures.Add($"{prefix}: the robot name must be 1–32 letters, digits, '-' or '_'.");
            }

            if (!GpioBackendKinds.All.Contains(robot.Backend, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{prefix}:Backend: '{robot.Backend}' is not one of {string.Join(", ", GpioBackendKinds.All)}.");
            }

            if (string.Equals(robot.Backend, GpioBackendKinds.Pigpio, StringComparison.OrdinalIgnoreCase))
            {
                if (string.IsNullOrWhiteSpace(robot.Host))
                {
                    failures.Add($"{prefix}:Host: required for the Pigpio backend.");
                }

                if (robot.Port is < 1 or > 65535)
                {
                    failures.Add($"{prefix}:Port: {robot.Port} is not a TCP port (1–65535).");
                }
            }

            if (robot.Chip < 0)
            {
                failures.Add($"{prefix}:Chip: must not be negative.");
            }

            if (robot.EnableFrequency is < 1 or > 40000)
            {
                failures.Add($"{prefix}:EnableFrequency: {robot.EnableFrequency} Hz is outside 1–40000.");
            }

            var controller = ControllerIdentity(robotName, robot);
            void Pin(int? pin, string field, bool required)
            {
                if (pin is null)
                {
                    if (required)
                    {
                        failures.Add($"{prefix}:{field}: missing pin.");
                    }

                    return;
                }

                if (pin is < 0 or > MaxPin)
                {
                    failures.Add($"{prefix}:{field}: pin {pin} is outside 0–{MaxPin}.");
                    return;
                }

                if (pinOwners.TryGetValue((controller, pin.Value), out var owner))
                {
                    failures.Add($"{prefix}:{field}: pin {pin} is already used by {owner} on the same controller.");
                }
                else
                {
                    pinOwners[(controller, pin.Value)] = $"{prefix}:{field}";
                }
            }

            foreach (var (motor, side) in new[] { (robot.LeftMotor, "LeftMotor"), (robot.RightMotor, "RightMotor") })
            {
                if (motor is null)
                {
                    failures.Add($"{prefix}:{side}: missing (Forward and Backward pins are required).");
                    continue;
                }

                Pin(motor.Forward, $"{side}:Forward", required: true);
                Pin(motor.Backward, $"{side}:Backward", required: true);
                Pin(motor.Enable, $"{side}:Enable", required: false);
                if (!(motor.Trim is >= 0 and <= 1))
                {
                    failures.Add($"{prefix}:{side}:Trim: {motor.Trim} is outside 0..1.");
                }
            }

            if (!(robot.OnOffThreshold is > 0 and <= 1))
            {
                failures.Add($"{prefix}:OnOffThreshold: {robot.OnOffThreshold} is outside 0 (exclusive)..1.");
            }

            ValidateKinematics(robot.Kinematics, $"{prefix}:Kinematics", failures);

            if ((robot.LeftMotor?.Enable is null) != (robot.RightMotor?.Enable is null))
            {
                failures.Add($"{prefix}:LeftMotor:Enable/RightMotor:Enable: give both enable pins or neither.");
            }

            Pin(robot.Eye, "Eye", required: true);

            for (var i = 0; i < robot.Servos.Count; i++)
            {
                var servo = robot.Servos[i];
                Pin(servo.Pin, $"Servos:{i}:Pin", required: true);
                if (!(servo.MinAngle < servo.MaxAngle))
                {
                    failures.Add($"{prefix}:Servos:{i}: MinAngle {servo.MinAngle} must be below MaxAngle {servo.MaxAngle}.");
                }

                if (servo.MinAngle < -360 || servo.MaxAngle > 360)
                {
                    failures.Add($"{prefix}:Servos:{i}: angles must lie within -360..360.");
                }

                if (servo.MinPulseWidthMicroseconds is < 500 or > 2500
                    || servo.MaxPulseWidthMicroseconds is < 500 or > 2500
                    || servo.MinPulseWidthMicroseconds >= servo.MaxPulseWidthMicroseconds)
                {
                    failures.Add($"{prefix}:Servos:{i}: pulse widths must satisfy 500 ≤ MinPulseWidthMicroseconds < MaxPulseWidthMicroseconds ≤ 2500.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateKinematics(KinematicsOptions kinematics, string prefix, List<string> failures)
    {
        // NaN fails every comparison, so "!(x > 0)" refuses it along with zero and negatives.
        void Positive(double value, string field)
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                failures.Add($"{prefix}:{field}: {value} must be a positive number.");
            }
        }

        Positive(kinematics.WheelBaseMeters, "WheelBaseMeters");
        Positive(kinematics.MaxWheelSpeedMetersPerSecond, "MaxWheelSpeedMetersPerSecond");
        Positive(kinematics.ArenaMeters.Width, "ArenaMeters:Width");
        Positive(kinematics.ArenaMeters.Height, "ArenaMeters:Height");

        // A start outside the arena would be clamped onto a wall at the first move: say so at start-up instead.
        var start = kinematics.StartPose;
        if (!double.IsFinite(start.Heading))
        {
            failures.Add($"{prefix}:StartPose:Heading: {start.Heading} must be a finite number of radians.");
        }

        if (!(Math.Abs(start.X) <= kinematics.ArenaMeters.Width / 2))
        {
            failures.Add($"{prefix}:StartPose:X: {start.X} must lie within the arena (±{kinematics.ArenaMeters.Width / 2} m).");
        }

        if (!(Math.Abs(start.Y) <= kinematics.ArenaMeters.Height / 2))
        {
            failures.Add($"{prefix}:StartPose:Y: {start.Y} must lie within the arena (±{kinematics.ArenaMeters.Height / 2} m).");
        }
    }

    private static string ControllerIdentity(string robotName, RobotOptions robot) => robot.Backend.ToUpperInvariant() switch
    {
        "PIGPIO" => $"pigpio://{robot.Host?.ToUpperInvariant()}:{robot.Port}",
        "GPIOD" => $"gpiochip{robot.Chip}",
        _ => $"simulated:{robotName.ToUpperInvariant()}",
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex RobotNamePattern();
}
