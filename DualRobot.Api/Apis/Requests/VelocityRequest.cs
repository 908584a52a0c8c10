namespace DualRobot.Api.Apis.Requests;

/// <summary>
/// <c>{"linear":0.5,"angular":0.2,"leaseMs":500}</c> or the tank form <c>{"left":0.5,"right":-0.5}</c>: exactly one
/// form, each value −1..1; leaseMs is optional.
/// </summary>
public sealed record VelocityRequest(double? Linear, double? Angular, double? Left, double? Right, int? LeaseMs);
