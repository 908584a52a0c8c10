namespace DualRobot.Api.Apis.Requests;

/// <summary><c>{"angle":-45}</c>, inside the servo's configured range.</summary>
public sealed record ServoRequest(double? Angle);
