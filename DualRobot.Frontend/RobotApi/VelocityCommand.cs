namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// <c>{"linear":0.5,"angular":-0.2,"leaseMs":500}</c>: each −1..1, +linear forward, +angular counter-clockwise.
/// Passed to the api, which validates it (including the tank form's <c>left</c>/<c>right</c>).
/// </summary>
public sealed record VelocityCommand(double? Linear = null, double? Angular = null, double? Left = null, double? Right = null, int? LeaseMs = null);
