namespace DualRobot.Contract;

/// <summary>An axis-aligned keep-out rectangle, in metres in the arena's frame: <c>minX &lt; maxX</c>, <c>minY &lt; maxY</c>.</summary>
public sealed record ZoneRectangle(double? MinX = null, double? MinY = null, double? MaxX = null, double? MaxY = null);
