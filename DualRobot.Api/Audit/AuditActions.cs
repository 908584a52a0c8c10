namespace DualRobot.Api.Audit;

/// <summary>The <c>action</c> of audit records that are not robot commands (those use <c>RobotActions</c>).</summary>
public static class AuditActions
{
    public const string EmergencyStop = "estop";
    public const string EmergencyStopRelease = "estop.release";
    public const string TakeControl = "take-control";
    public const string ReleaseControl = "release-control";
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";

    /// <summary>The action of an endpoint (by its name), for a request refused before it ran (403 for the role).</summary>
    public static string OfEndpoint(string? endpointName) => endpointName switch
    {
        "Drive" => Robots.RobotActions.Drive,
        "Heartbeat" => Robots.RobotActions.Heartbeat,
        "SetEye" => Robots.RobotActions.Eye,
        "SetServo" => Robots.RobotActions.Servo,
        "TakeControl" => TakeControl,
        "ReleaseControl" => ReleaseControl,
        "EmergencyStop" => EmergencyStop,
        "ReleaseEmergencyStop" => EmergencyStopRelease,
        _ => endpointName ?? "unknown",
    };
}
