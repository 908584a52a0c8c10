namespace DualRobot.Frontend.RobotApi;

/// <summary><c>{"leaseMs":500}</c>: renews the current motion's lease.</summary>
public sealed record HeartbeatCommand(int? LeaseMs = null);
