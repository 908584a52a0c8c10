namespace DualRobot.Contract;

/// <summary>Served by <c>POST /estop</c>, <c>POST /estop/release</c> and <c>GET /estop</c>.</summary>
public sealed record EmergencyStopState(bool Latched, DateTimeOffset? LatchedAt);
