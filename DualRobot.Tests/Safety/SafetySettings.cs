using System.Globalization;
using DualRobot.Api.Safety;

namespace DualRobot.Tests.Safety;

/// <summary>Keep-out zones as the api's configuration spells them, and how far a pose is from them.</summary>
internal static class SafetySettings
{
    /// <summary>The default <c>Safety:MarginMeters</c>.</summary>
    public const double Margin = 0.1;

    /// <summary>A wall across the way ahead of a robot at the start: x from 1 to 1.5, y from −0.5 to 0.5.</summary>
    public static readonly ZoneRectangle Wall = new(1, -0.5, 1.5, 0.5);

    /// <summary>
    /// A floor a kilometre wide for each robot (<c>Robots:&lt;name&gt;:Kinematics:ArenaMeters</c>): for a test about
    /// something else that drives far, so that the envelope never holds it back at the arena's edge.
    /// </summary>
    public static Dictionary<string, string?> OpenFloor(params string[] robots) => robots
        .SelectMany(robot => new[] { "Width", "Height" }.Select(side => ($"Robots:{robot}:Kinematics:ArenaMeters:{side}", "1000")))
        .ToDictionary(setting => setting.Item1, setting => (string?)setting.Item2);

    /// <summary><c>Safety:Zones:&lt;name&gt;:Rectangle:*</c> for each zone.</summary>
    public static Dictionary<string, string?> Zones(params (string Name, ZoneRectangle Rectangle)[] zones)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (name, r) in zones)
        {
            foreach (var (field, value) in new[] { ("MinX", r.MinX), ("MinY", r.MinY), ("MaxX", r.MaxX), ("MaxY", r.MaxY) })
            {
                settings[$"Safety:Zones:{name}:Rectangle:{field}"] = value!.Value.ToString(CultureInfo.InvariantCulture);
            }
        }

        return settings;
    }

    /// <summary>Metres from the pose to the rectangle: negative inside.</summary>
    public static double Clearance(Pose pose, ZoneRectangle rectangle) =>
        new KeepOutArea(new KeepOutZone("measure", null, rectangle, null, ZoneSource.Configuration)).SignedDistance(pose.X, pose.Y);
}
