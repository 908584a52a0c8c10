namespace DualRobot.Api.Audit;

/// <summary>The action an audit record names for a request refused before its endpoint ran (403 for the role).</summary>
public static class AuditActions
{
    /// <summary>The action of an endpoint, by its name.</summary>
    public static string OfEndpoint(string? endpointName) => endpointName switch
    {
        "Drive" => RobotActions.Drive,
        "Heartbeat" => RobotActions.Heartbeat,
        "SetEye" => RobotActions.Eye,
        "SetServo" => RobotActions.Servo,
        "TakeControl" => RobotActions.TakeControl,
        "ReleaseControl" => RobotActions.ReleaseControl,
        "EmergencyStop" => RobotActions.EmergencyStop,
        "ReleaseEmergencyStop" => RobotActions.EmergencyStopRelease,
        "PutZone" => RobotActions.ZonePut,
        "DeleteZone" => RobotActions.ZoneDelete,
        "SetSlowMode" => RobotActions.SlowMode,
        _ => endpointName ?? "unknown",
    };
}
