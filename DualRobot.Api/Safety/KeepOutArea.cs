namespace DualRobot.Api.Safety;

/// <summary>
/// A keep-out zone compiled for the envelope's check: its corners in flat arrays and its bounding box, so a zone far
/// from a robot is ruled out with a few comparisons and a near one is measured without allocating.
/// </summary>
internal sealed class KeepOutArea
{
    private readonly double[] _x;
    private readonly double[] _y;

    public KeepOutArea(KeepOutZone zone)
    {
        Zone = zone;
        var outline = ZoneShape.Outline(zone.Rectangle, zone.Polygon);
        _x = [.. outline.Select(p => p.X)];
        _y = [.. outline.Select(p => p.Y)];
        (MinX, MaxX, MinY, MaxY) = (_x.Min(), _x.Max(), _y.Min(), _y.Max());
    }

    public KeepOutZone Zone { get; }

    public string Name => Zone.Name;

    public double MinX { get; }

    public double MaxX { get; }

    public double MinY { get; }

    public double MaxY { get; }

    /// <summary>Whether the zone keeps out <paramref name="robot"/> (every robot's zones, and its own).</summary>
    public bool Applies(string robot) => Zone.Robot is null || string.Equals(Zone.Robot, robot, StringComparison.OrdinalIgnoreCase);

    /// <summary>The distance from a point to the bounding box, squared; 0 inside it. Never more than to the zone.</summary>
    public double BoxDistanceSquared(double x, double y)
    {
        var dx = Math.Max(Math.Max(MinX - x, x - MaxX), 0);
        var dy = Math.Max(Math.Max(MinY - y, y - MaxY), 0);
        return (dx * dx) + (dy * dy);
    }

    /// <summary>
    /// Metres from the point to the zone's edge: positive outside, negative inside (how deep). Like every distance it
    /// changes by at most as much as the point moves, which is what lets the envelope step along a path safely.
    /// </summary>
    public double SignedDistance(double x, double y)
    {
        var nearest = double.PositiveInfinity;
        var inside = false;
        var n = _x.Length;
        for (int i = 0, j = n - 1; i < n; j = i++)
        {
            var (ax, ay, bx, by) = (_x[j], _y[j], _x[i], _y[i]);

            // Crossing number: a ray to +x from the point crosses this edge.
            if ((ay > y) != (by > y) && x < ax + ((y - ay) * (bx - ax) / (by - ay)))
            {
                inside = !inside;
            }

            var (ex, ey) = (bx - ax, by - ay);
            var t = Math.Clamp((((x - ax) * ex) + ((y - ay) * ey)) / ((ex * ex) + (ey * ey)), 0, 1);
            var (dx, dy) = (ax + (t * ex) - x, ay + (t * ey) - y);
            nearest = Math.Min(nearest, (dx * dx) + (dy * dy));
        }

        var distance = Math.Sqrt(nearest);
        return inside ? -distance : distance;
    }
}
