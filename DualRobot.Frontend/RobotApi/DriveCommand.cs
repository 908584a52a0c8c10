namespace DualRobot.Frontend.RobotApi;

/// <summary><c>{"direction":"forward","speed":0.8,"leaseMs":500}</c>, passed to the api, which validates it.</summary>
public sealed record DriveCommand(string? Direction, double? Speed = null, int? LeaseMs = null);
