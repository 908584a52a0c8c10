namespace DualRobot.Contract;

/// <summary>Optional body of a heartbeat: <c>{"leaseMs":500}</c>.</summary>
public sealed record HeartbeatRequest([property: Lease] int? LeaseMs = null);
