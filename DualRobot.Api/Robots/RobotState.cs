namespace DualRobot.Api.Robots;

/// <summary>What a robot is doing, as served by <c>GET /robots/{name}</c> and streamed by <c>/robots/events</c>.</summary>
/// <param name="Version">Increases with every change of this robot, so a client can drop stale updates.</param>
/// <param name="Driver">The user whose command moved the robot last (null until someone did); they hold its control
/// claim while they keep commanding it and for <c>Control:ClaimIdleSeconds</c> after.</param>
/// <param name="DriverSince">Since when <paramref name="Driver"/> has been driving it.</param>
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
    long Version,
    string? Driver = null,
    DateTimeOffset? DriverSince = null);

/// <param name="Angle">Last commanded angle; null until the first command (start-up sends no pulses).</param>
public sealed record ServoState(int Index, int Pin, double MinAngle, double MaxAngle, double? Angle);
