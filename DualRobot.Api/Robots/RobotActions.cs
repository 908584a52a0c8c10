namespace DualRobot.Api.Robots;

/// <summary>The <c>action</c> of a command, as counted in metrics and tagged on spans.</summary>
public static class RobotActions
{
    public const string Drive = "drive";
    public const string Stop = "stop";
    public const string Heartbeat = "heartbeat";
    public const string Eye = "eye";
    public const string Servo = "servo";
    public const string Velocity = "velocity";

    public static readonly IReadOnlyList<string> All = [Drive, Stop, Heartbeat, Eye, Servo, Velocity];
}
