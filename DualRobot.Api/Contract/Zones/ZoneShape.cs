using System.Globalization;

namespace DualRobot.Contract;

/// <summary>
/// What makes a keep-out zone well formed, the same for a zone drawn in the console, sent to the api or configured:
/// a name, exactly one shape, finite coordinates within reach, and for a polygon 3 to <see cref="MaxPoints"/> corners
/// whose edges do not cross or touch except where neighbours meet, enclosing some area.
/// </summary>
public static class ZoneShape
{
    public const int MaxPoints = 32;

    public const int MaxNameLength = 64;

    /// <summary>Metres from the arena's centre: far beyond any floor, near enough that the geometry stays exact.</summary>
    public const double MaxCoordinate = 1000;

    /// <summary>Smaller than this (m²) is a line, not an area.</summary>
    public const double MinArea = 1e-6;

    /// <summary>Null for a good name, else why not.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return $"A zone's name is 1 to {MaxNameLength} characters.";
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
        {
            return "A zone's name does not start or end with a space.";
        }

        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c is not (' ' or '-' or '_' or '.'))
            {
                return $"A zone's name has letters, digits, spaces, '-', '_' and '.' only (not U+{(int)c:X4}).";
            }
        }

        return null;
    }

    /// <summary>Every problem of a shape, keyed by its field's path in the body (<c>polygon[2].x</c>); none for a good one.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(ZoneRectangle? rectangle, IReadOnlyList<ZonePoint>? polygon)
    {
        if ((rectangle is null) == (polygon is null))
        {
            yield return (RequestFields.Body, rectangle is null
                ? "Required: a rectangle {minX, minY, maxX, maxY} or a polygon [{x, y}, …]."
                : "Give a rectangle or a polygon, not both.");
            yield break;
        }

        if (rectangle is not null)
        {
            foreach (var problem in RectangleProblems(rectangle))
            {
                yield return problem;
            }

            yield break;
        }

        foreach (var problem in PolygonProblems(polygon!))
        {
            yield return problem;
        }
    }

    /// <summary>The corners of a well-formed shape: a rectangle's four, counter-clockwise from (minX, minY), or the polygon's.</summary>
    public static (double X, double Y)[] Outline(ZoneRectangle? rectangle, IReadOnlyList<ZonePoint>? polygon) => rectangle is { } r
        ? [(r.MinX!.Value, r.MinY!.Value), (r.MaxX!.Value, r.MinY!.Value), (r.MaxX!.Value, r.MaxY!.Value), (r.MinX!.Value, r.MaxY!.Value)]
        : [.. polygon!.Select(p => (p.X!.Value, p.Y!.Value))];

    private static IEnumerable<(string Field, string Message)> RectangleProblems(ZoneRectangle rectangle)
    {
        var fields = new (string Name, double? Value)[]
        {
            ("minX", rectangle.MinX), ("minY", rectangle.MinY), ("maxX", rectangle.MaxX), ("maxY", rectangle.MaxY),
        };
        var bad = false;
        foreach (var (name, value) in fields)
        {
            if (CoordinateProblem(value) is { } problem)
            {
                bad = true;
                yield return ($"rectangle.{name}", problem);
            }
        }

        if (bad)
        {
            yield break;
        }

        if (rectangle.MinX >= rectangle.MaxX)
        {
            yield return ("rectangle.maxX", "Must be greater than minX.");
        }

        if (rectangle.MinY >= rectangle.MaxY)
        {
            yield return ("rectangle.maxY", "Must be greater than minY.");
        }
    }

    private static IEnumerable<(string Field, string Message)> PolygonProblems(IReadOnlyList<ZonePoint> polygon)
    {
        if (polygon.Count is < 3 or > MaxPoints)
        {
            yield return ("polygon", $"A polygon has 3 to {MaxPoints} points (this one has {polygon.Count}).");
            yield break;
        }

        var bad = false;
        for (var i = 0; i < polygon.Count; i++)
        {
            if (polygon[i] is null)
            {
                bad = true;
                yield return (Point(i), "Required: a point {x, y}.");
                continue;
            }

            foreach (var (axis, value) in new[] { ("x", polygon[i].X), ("y", polygon[i].Y) })
            {
                if (CoordinateProblem(value) is { } problem)
                {
                    bad = true;
                    yield return ($"{Point(i)}.{axis}", problem);
                }
            }
        }

        if (bad)
        {
            yield break;
        }

        var points = Outline(null, polygon);
        if (Crossing(points) is { } crossing)
        {
            yield return ("polygon", crossing);
        }
        else if (Math.Abs(Area(points)) < MinArea)
        {
            yield return ("polygon", "The points enclose no area.");
        }
    }

    private static string? CoordinateProblem(double? value) => value switch
    {
        null => "Required: a number (metres).",
        { } v when !double.IsFinite(v) => "Must be a finite number.",
        { } v when Math.Abs(v) > MaxCoordinate => string.Create(CultureInfo.InvariantCulture, $"Must lie within -{MaxCoordinate}..{MaxCoordinate} metres."),
        _ => null,
    };

    /// <summary>Why the outline is not a simple polygon (edges that cross, touch or fold back), or null.</summary>
    private static string? Crossing((double X, double Y)[] p)
    {
        var n = p.Length;
        for (var i = 0; i < n; i++)
        {
            var (a, b) = (p[i], p[(i + 1) % n]);
            if (a == b)
            {
                return $"Points {i} and {(i + 1) % n} are the same point.";
            }

            for (var j = i + 1; j < n; j++)
            {
                var (c, d) = (p[j], p[(j + 1) % n]);
                var neighbours = j == i + 1 || (i == 0 && j == n - 1);
                if (neighbours ? FoldsBack(a, b, c, d, j == i + 1) : Intersect(a, b, c, d))
                {
                    return $"The polygon crosses itself: edge {i}–{(i + 1) % n} meets edge {j}–{(j + 1) % n}.";
                }
            }
        }

        return null;
    }

    /// <summary>Neighbouring edges share one corner; they overlap only if the second turns straight back along the first.</summary>
    private static bool FoldsBack((double X, double Y) a, (double X, double Y) b, (double X, double Y) c, (double X, double Y) d, bool inOrder)
    {
        // In order: a→b then b(=c)→d. Otherwise the wrap-around pair: c→d(=a) then a→b.
        var (first, corner, next) = inOrder ? (a, b, d) : (c, a, b);
        var (ux, uy) = (corner.X - first.X, corner.Y - first.Y);
        var (vx, vy) = (next.X - corner.X, next.Y - corner.Y);
        return (ux * vy) - (uy * vx) == 0 && (ux * vx) + (uy * vy) < 0;
    }

    private static bool Intersect((double X, double Y) a, (double X, double Y) b, (double X, double Y) c, (double X, double Y) d)
    {
        var d1 = Orientation(c, d, a);
        var d2 = Orientation(c, d, b);
        var d3 = Orientation(a, b, c);
        var d4 = Orientation(a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        {
            return true;
        }

        // Touching or overlapping: an end of one lies on the other.
        return (d1 == 0 && OnSegment(c, d, a)) || (d2 == 0 && OnSegment(c, d, b))
            || (d3 == 0 && OnSegment(a, b, c)) || (d4 == 0 && OnSegment(a, b, d));
    }

    private static double Orientation((double X, double Y) a, (double X, double Y) b, (double X, double Y) c) =>
        ((b.X - a.X) * (c.Y - a.Y)) - ((b.Y - a.Y) * (c.X - a.X));

    private static bool OnSegment((double X, double Y) a, (double X, double Y) b, (double X, double Y) p) =>
        p.X >= Math.Min(a.X, b.X) && p.X <= Math.Max(a.X, b.X) && p.Y >= Math.Min(a.Y, b.Y) && p.Y <= Math.Max(a.Y, b.Y);

    /// <summary>Shoelace: positive counter-clockwise.</summary>
    private static double Area((double X, double Y)[] p)
    {
        var twice = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var (a, b) = (p[i], p[(i + 1) % p.Length]);
            twice += (a.X * b.Y) - (b.X * a.Y);
        }

        return twice / 2;
    }

    private static string Point(int index) => string.Create(CultureInfo.InvariantCulture, $"polygon[{index}]");
}
