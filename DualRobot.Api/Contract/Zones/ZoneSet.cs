namespace DualRobot.Contract;

/// <summary>
/// Served by <c>GET /zones</c>: every keep-out zone and the margin robots keep from them and from the arena's edge.
/// <paramref name="Version"/> is the robot state's <c>envelope.zonesVersion</c>: a client that sees a state with
/// another version reads the zones again.
/// </summary>
public sealed record ZoneSet(long Version, double MarginMeters, IReadOnlyList<KeepOutZone> Zones);
