namespace DualRobot.Api.Robots;

/// <summary>What a robot is doing, as served by <c>GET /robots/{name}</c> and streamed by <c>/robots/events</c>.</summary>
/// <param name="Version">Increases with every change of this robot, so a client can drop stale updates.</param>
public sealed record RobotState(
    string Name,
    string Backend,
    bool Connected,
    Direction Motion,
    double? Speed,
    bool HasSpeedControl,
    EyeState Eye,
    IReadOnlyList<ServoState> Servos,
    int LeaseRemainingMs,
    bool EmergencyStopLatched,
    long Version);

/// <param name="Angle">Last commanded angle; null until the first command (start-up sends no pulses).</param>
public sealed record ServoState(int Index, int Pin, double MinAngle, double MaxAngle, double? Angle);
