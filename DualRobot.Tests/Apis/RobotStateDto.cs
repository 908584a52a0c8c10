namespace DualRobot.Tests.Apis;

/// <summary>The api's state JSON as a client reads it (deliberately not the api's own type).</summary>
public sealed record RobotStateDto(
    string Name,
    string Backend,
    bool Connected,
    string Motion,
    double? Speed,
    bool HasSpeedControl,
    string Eye,
    ServoStateDto[] Servos,
    int LeaseRemainingMs,
    bool EmergencyStopLatched,
    long Version,
    double Left,
    double Right,
    PoseDto Pose,
    bool Estimated,
    ArenaDto? Arena,
    bool WatchdogArmed = false);

public sealed record PoseDto(double X, double Y, double Heading);

public sealed record ArenaDto(double Width, double Height);

public sealed record ServoStateDto(int Index, int Pin, double MinAngle, double MaxAngle, double? Angle);

public sealed record EmergencyStopDto(bool Latched, DateTimeOffset? LatchedAt);

public sealed record ProblemDto(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);
