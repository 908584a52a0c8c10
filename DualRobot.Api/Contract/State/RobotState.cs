namespace DualRobot.Contract;

/// <summary>What a robot is doing, as served by <c>GET /robots/{name}</c> and streamed by <c>/robots/events</c>.</summary>
/// <param name="Version">Increases with every change of this robot, so a client can drop stale updates.</param>
/// <param name="Left">The applied left side value, −1..1 (0 when stopped).</param>
/// <param name="Right">The applied right side value, −1..1 (0 when stopped).</param>
/// <param name="Pose">The estimated pose, integrated from the applied side values.</param>
/// <param name="Estimated">True on hardware backends: dead reckoning, without encoders.</param>
/// <param name="Arena">The walls of a simulated robot's floor; null on hardware.</param>
/// <param name="Driver">The user whose command moved the robot last (null until someone did); they hold its control
/// claim while they keep commanding it and for <c>Control:ClaimIdleSeconds</c> after.</param>
/// <param name="DriverSince">Since when <paramref name="Driver"/> has been driving it.</param>
/// <param name="WatchdogArmed">True while the robot has its own deadman in place: the watchdog script stored and
/// running in its pigpiod (checked on this connection), which stops the motors within lease + margin of the last
/// command that reached it, whatever becomes of the api or the link. False on the other backends and while
/// disconnected.</param>
/// <param name="StoppedBy">The user whose stop command (a take-over's included) stopped the robot while it moved, so a
/// driver can be told who stopped them; null while it moves, and when nobody's stop did (the deadman, the emergency
/// stop, a reconnect).</param>
/// <param name="AtWall">True while the estimated pose is at a wall of the robot's <paramref name="Arena"/>: pressed
/// against it (the wheels may turn but the estimate goes no further that way), or as near it as the safety envelope lets
/// a robot come (<c>Safety:MarginMeters</c>), where further motion that way is held back. Always false without an arena.</param>
/// <param name="Envelope">The safety envelope: what held the last motion back, the caps, the zones' version.</param>
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
    double Left,
    double Right,
    Pose Pose,
    bool Estimated,
    Arena? Arena,
    string? Driver = null,
    DateTimeOffset? DriverSince = null,
    bool WatchdogArmed = false,
    string? StoppedBy = null,
    bool AtWall = false,
    EnvelopeState? Envelope = null);

/// <param name="Angle">Last commanded angle; null until the first command (start-up sends no pulses).</param>
public sealed record ServoState(int Index, int Pin, double MinAngle, double MaxAngle, double? Angle);
