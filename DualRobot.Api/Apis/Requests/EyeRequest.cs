namespace DualRobot.Api.Apis.Requests;

/// <summary><c>{"state":"on"|"off"|"blink"}</c>.</summary>
public sealed record EyeRequest(string? State);
