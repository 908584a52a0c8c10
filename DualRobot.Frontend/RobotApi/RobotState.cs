namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// The api's robot state as the console reads it. Enums stay strings so a new motion or eye state the api adds
/// shows up as text instead of breaking the page.
/// </summary>
public sealed record RobotState(
    string Name,
    string Backend,
    bool Connected,
    string Motion,
    double? Speed,
    bool HasSpeedControl,
    string Eye,
    IReadOnlyList<ServoState> Servos,
    int LeaseRemainingMs,
    bool EmergencyStopLatched,
    long Version,
    string? Driver = null,
    DateTimeOffset? DriverSince = null,
    bool WatchdogArmed = false);
