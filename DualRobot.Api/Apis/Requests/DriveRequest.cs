namespace DualRobot.Api.Apis.Requests;

/// <summary><c>{"direction":"forward","speed":0.8,"leaseMs":500}</c>; speed and leaseMs are optional.</summary>
public sealed record DriveRequest(string? Direction, double? Speed, int? LeaseMs);
