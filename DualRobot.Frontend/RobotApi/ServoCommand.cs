namespace DualRobot.Frontend.RobotApi;

/// <summary><c>{"angle":-45}</c>.</summary>
public sealed record ServoCommand(double? Angle);
