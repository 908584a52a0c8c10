namespace DualRobot.Contract;

/// <summary>
/// A region no robot (or only the named one) may enter, nor come nearer to than the margin: exactly one of
/// <paramref name="Rectangle"/> and <paramref name="Polygon"/>, in metres in the arena's frame.
/// </summary>
/// <param name="Name">Unique without regard to case; what a keep-out refusal names.</param>
/// <param name="Robot">The one robot it keeps out; null keeps out every robot.</param>
/// <param name="ChangedBy">Who drew it last (null for a configured zone).</param>
public sealed record KeepOutZone(
    string Name,
    string? Robot,
    ZoneRectangle? Rectangle,
    IReadOnlyList<ZonePoint>? Polygon,
    ZoneSource Source,
    string? ChangedBy = null,
    DateTimeOffset? ChangedAt = null);
