namespace DualRobot.Api.Audit;

/// <summary>The <c>action</c> of audit records that are not robot commands (those use <c>RobotActions</c>).</summary>
public static class AuditActions
{
    public const string EmergencyStop = "estop";
    public const string EmergencyStopRelease = "estop.release";
    public const string TakeControl = "take-control";
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
}
