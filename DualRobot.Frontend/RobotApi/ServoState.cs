namespace DualRobot.Frontend.RobotApi;

/// <param name="Angle">Last commanded angle; null until the first command.</param>
public sealed record ServoState(int Index, int Pin, double MinAngle, double MaxAngle, double? Angle);
