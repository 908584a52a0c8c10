namespace DualRobot.Frontend.RobotApi;

/// <summary><c>{"state":"on"|"off"|"blink"}</c>.</summary>
public sealed record EyeCommand(string? State);
