namespace DualRobot.Contract;

/// <summary>A corner of a keep-out polygon, in metres in the arena's frame (the frame of the robots' poses).</summary>
public sealed record ZonePoint(double? X = null, double? Y = null);
