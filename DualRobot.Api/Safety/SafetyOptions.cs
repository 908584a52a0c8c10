namespace DualRobot.Api.Safety;

/// <summary>
/// The <c>Safety</c> section: the envelope every motion is kept inside. Checked at start by
/// <see cref="SafetyOptionsValidator"/>, every message naming its field.
/// </summary>
public sealed class SafetyOptions
{
    public const string SectionName = "Safety";

    /// <summary>What follows the audit trail's file name (without its extension) when <see cref="Path"/> is empty.</summary>
    public const string DefaultSuffix = ".safety.db";

    /// <summary>Most zones the api keeps, configured and drawn together: the envelope checks them on every motion.</summary>
    public const int MaxZones = 100;

    /// <summary>How near a robot may come to a keep-out zone or the arena's edge (metres, 0..1).</summary>
    public double MarginMeters { get; set; } = 0.1;

    /// <summary>The fastest a side may run, per role (0 exclusive..1): <c>Safety:MaxSpeed:Operator</c>, <c>:Supervisor</c>.</summary>
    public MaxSpeedOptions MaxSpeed { get; set; } = new();

    /// <summary>The fastest a side may run on a robot a supervisor put in slow mode, whoever drives (0 exclusive..1).</summary>
    public double SlowModeMaxSpeed { get; set; } = 0.3;

    /// <summary>Keep-out zones by name: part of the deployment, shown to everyone, changed only here.</summary>
    public Dictionary<string, ZoneOptions> Zones { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The SQLite file of the zones supervisors draw and the robots' slow mode, absolute or relative to the api's
    /// content root; empty puts it beside the audit trail, named after it (<c>data/audit.db</c> →
    /// <c>data/audit.safety.db</c>), on the same volume.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>Where the store is: <see cref="Path"/>, or beside <paramref name="auditPath"/> when that is empty.</summary>
    public string ResolvePath(string contentRoot, string auditPath) => string.IsNullOrWhiteSpace(Path)
        ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(auditPath)!, System.IO.Path.GetFileNameWithoutExtension(auditPath) + DefaultSuffix)
        : System.IO.Path.Combine(contentRoot, Path);
}

public sealed class MaxSpeedOptions
{
    public double Operator { get; set; } = 1;

    public double Supervisor { get; set; } = 1;
}

/// <summary><c>Safety:Zones:&lt;name&gt;</c>: a rectangle or a polygon, for every robot or the one named.</summary>
public sealed class ZoneOptions
{
    public string? Robot { get; set; }

    public ZoneRectangle? Rectangle { get; set; }

    public List<ZonePoint>? Polygon { get; set; }
}
