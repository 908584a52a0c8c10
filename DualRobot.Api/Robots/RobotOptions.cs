using DualRobot.Api.Gpio;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Robots;

/// <summary>One robot as configured under <c>Robots:&lt;name&gt;</c>.</summary>
public sealed class RobotOptions
{
    /// <summary>
    /// False leaves the robot out. Configuration sections merge, so this is how an override (say
    /// <c>Robots__Torvalds__Enabled=false</c>) removes one of the default robots.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The api instance that drives this robot (<see cref="ShardOptions.Name"/>; in the cluster a StatefulSet pod,
    /// <c>api-0</c>, <c>api-1</c>...). Every instance reads the same robots and drives only its own; unset, with no
    /// <c>Shard:Name</c> either, the one api drives every robot.
    /// </summary>
    public string? Shard { get; set; }

    /// <summary><c>Simulated</c> (default), <c>Pigpio</c> (a remote Pi's pigpiod) or <c>Gpiod</c> (local pins).</summary>
    public string Backend { get; set; } = GpioBackendKinds.Simulated;

    /// <summary>The Pi running pigpiod, for the <c>Pigpio</c> backend.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 8888;

    /// <summary>The gpiochip for the <c>Gpiod</c> backend (0 on a Pi 4, 4 on a Pi 5 with older kernels; 0 on current ones).</summary>
    public int Chip { get; set; }

    /// <summary>The pwmchip whose channels 0 and 1 are BCM 12/18 and 13/19, for PWM pins on the <c>Gpiod</c> backend.</summary>
    public int PwmChip { get; set; }

    public MotorPinOptions? LeftMotor { get; set; }

    public MotorPinOptions? RightMotor { get; set; }

    /// <summary>The eye LED.</summary>
    public int? Eye { get; set; }

    public List<ServoOptions> Servos { get; set; } = [];

    /// <summary>PWM frequency of the motor enable pins, in Hz (gpiozero's default for motors is 100).</summary>
    public int EnableFrequency { get; set; } = 100;

    /// <summary>
    /// For sides without an enable pin: a side value of at least this magnitude runs the motor full in its direction,
    /// anything smaller leaves it off.
    /// </summary>
    public double OnOffThreshold { get; set; } = 0.25;

    public KinematicsOptions Kinematics { get; set; } = new();

    public bool HasSpeedControl => LeftMotor?.Enable is not null && RightMotor?.Enable is not null;

    /// <summary>The H-bridge inputs and enable pins: what an on-robot watchdog turns off (never the eye or servos).</summary>
    public MotorPins MotorPins() => new(
        [LeftMotor!.Forward!.Value, LeftMotor.Backward!.Value, RightMotor!.Forward!.Value, RightMotor.Backward!.Value],
        HasSpeedControl ? [LeftMotor.Enable!.Value, RightMotor.Enable!.Value] : []);
}

/// <summary>One side of an H-bridge: IN pins that make the wheel turn forward or backward, and its optional enable (speed) pin.</summary>
public sealed class MotorPinOptions
{
    public int? Forward { get; set; }

    public int? Backward { get; set; }

    public int? Enable { get; set; }

    /// <summary>0..1, scales this side's enable duty so a stronger motor matches a weaker one and the robot drives straight.</summary>
    public double Trim { get; set; } = 1;
}

public sealed class ServoOptions
{
    public int? Pin { get; set; }

    public double MinAngle { get; set; } = -90;

    public double MaxAngle { get; set; } = 90;

    /// <summary>Pulse width at <see cref="MinAngle"/>, in microseconds (gpiozero's AngularServo default: 1 ms).</summary>
    public double MinPulseWidthMicroseconds { get; set; } = 1000;

    /// <summary>Pulse width at <see cref="MaxAngle"/>, in microseconds (gpiozero's default: 2 ms).</summary>
    public double MaxPulseWidthMicroseconds { get; set; } = 2000;
}
