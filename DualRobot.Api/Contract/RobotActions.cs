namespace DualRobot.Contract;

/// <summary>
/// The <c>action</c> of what an operator does: the label of <c>dualrobot_commands_total</c>, the tag on both services'
/// spans, and the action of an audit record.
/// </summary>
public static class RobotActions
{
    public const string Drive = "drive";
    public const string Stop = "stop";
    public const string Heartbeat = "heartbeat";
    public const string Eye = "eye";
    public const string Servo = "servo";
    public const string Velocity = "velocity";

    /// <summary>The robot commands the api counts, each with its own series.</summary>
    public static readonly IReadOnlyList<string> All = [Drive, Stop, Heartbeat, Eye, Servo, Velocity];

    public const string PoseReset = "pose.reset";
    public const string EmergencyStop = "estop";
    public const string EmergencyStopRelease = "estop.release";
    public const string TakeControl = "take-control";
    public const string ReleaseControl = "release-control";
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string ZonePut = "zone.put";
    public const string ZoneDelete = "zone.delete";
    public const string SlowMode = "slow-mode";

    /// <summary>A command to a group (<c>POST /groups/{group}/velocity</c>, <c>/drive</c>, <c>/heartbeat</c>): one audit record naming its members.</summary>
    public const string GroupVelocity = "group.velocity";
    public const string GroupDrive = "group.drive";
    public const string GroupStop = "group.stop";
    public const string GroupHeartbeat = "group.heartbeat";
}
