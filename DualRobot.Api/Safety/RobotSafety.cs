namespace DualRobot.Api.Safety;

/// <summary>The envelope's fleet-wide parts, which every robot's <see cref="SafetyEnvelope"/> reads.</summary>
public sealed class RobotSafety
{
    internal RobotSafety(SafetyOptions options, ZoneCatalog zones, SlowModes slowModes)
    {
        Options = options;
        Zones = zones;
        SlowModes = slowModes;
    }

    /// <summary>The zones (configured, and drawn ones from <paramref name="store"/>) and the slow modes kept there.</summary>
    internal static RobotSafety Create(SafetyOptions options, SafetyStore store, TimeProvider time, ILogger<ZoneCatalog> logger)
    {
        var stored = store.Load(time, logger);
        return new(options, new ZoneCatalog(options, store, stored, time, logger), new SlowModes(store, stored.SlowRobots, time));
    }

    internal SafetyOptions Options { get; }

    internal ZoneCatalog Zones { get; }

    internal SlowModes SlowModes { get; }
}
