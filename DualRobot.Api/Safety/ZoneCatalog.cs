namespace DualRobot.Api.Safety;

/// <summary>
/// Every keep-out zone: the configured ones (<c>Safety:Zones</c>) and those supervisors drew (kept in the
/// <see cref="SafetyStore"/>), as one immutable <see cref="ZoneSnapshot"/> that the envelope reads on every motion
/// without a lock. A change is written to the store first: if that fails, nothing changes.
/// </summary>
internal sealed class ZoneCatalog
{
    private readonly Lock _writes = new();
    private readonly KeepOutZone[] _configured;
    private readonly SafetyStore _store;
    private readonly TimeProvider _time;
    private readonly double _margin;
    private volatile ZoneSnapshot _current;

    public ZoneCatalog(SafetyOptions options, SafetyStore store, SafetyStoreContents stored, TimeProvider time, ILogger<ZoneCatalog> logger)
    {
        _store = store;
        _time = time;
        _margin = options.MarginMeters;
        _configured = [.. options.Zones
            .Select(zone => new KeepOutZone(zone.Key, zone.Value.Robot, zone.Value.Rectangle, zone.Value.Polygon?.ToArray(), ZoneSource.Configuration))
            .OrderBy(zone => zone.Name, StringComparer.OrdinalIgnoreCase)];
        var drawn = new List<KeepOutZone>();
        foreach (var zone in stored.Zones)
        {
            if (IsConfigured(zone.Name))
            {
                // Configuration came to name a zone a supervisor had drawn: the deployment's zone stands.
                SafetyLog.DrawnZoneShadowed(logger, zone.Name, store.FullPath);
            }
            else
            {
                drawn.Add(zone);
            }
        }

        _current = Snapshot(stored.Version, drawn);
    }

    public ZoneSnapshot Current => _current;

    /// <summary>Adds or replaces a drawn zone (a configured one is not the api's to change).</summary>
    public (ZoneEdit Edit, KeepOutZone? Zone) Put(string name, ZoneRequest shape, string? robot, string user)
    {
        lock (_writes)
        {
            if (IsConfigured(name))
            {
                return (ZoneEdit.Configured, null);
            }

            var drawn = Drawn();
            var existing = drawn.FindIndex(zone => Same(zone.Name, name));
            if (existing < 0 && _configured.Length + drawn.Count >= SafetyOptions.MaxZones)
            {
                return (ZoneEdit.TooMany, null);
            }

            var zone = new KeepOutZone(name, robot, shape.Rectangle, shape.Polygon, ZoneSource.Supervisor, user, _time.GetUtcNow());
            var version = _store.Put(zone);
            if (existing >= 0)
            {
                drawn.RemoveAt(existing);
            }

            drawn.Add(zone);
            _current = Snapshot(version, drawn);
            return (existing >= 0 ? ZoneEdit.Replaced : ZoneEdit.Created, zone);
        }
    }

    public ZoneEdit Delete(string name)
    {
        lock (_writes)
        {
            if (IsConfigured(name))
            {
                return ZoneEdit.Configured;
            }

            var drawn = Drawn();
            if (drawn.RemoveAll(zone => Same(zone.Name, name)) == 0)
            {
                return ZoneEdit.NotFound;
            }

            _current = Snapshot(_store.Delete(name), drawn);
            return ZoneEdit.Deleted;
        }
    }

    private bool IsConfigured(string name) => _configured.Any(zone => Same(zone.Name, name));

    private List<KeepOutZone> Drawn() => [.. _current.Set.Zones.Where(zone => zone.Source == ZoneSource.Supervisor)];

    private ZoneSnapshot Snapshot(long version, IEnumerable<KeepOutZone> drawn)
    {
        KeepOutZone[] zones = [.. _configured, .. drawn.OrderBy(zone => zone.Name, StringComparer.OrdinalIgnoreCase)];
        return new ZoneSnapshot(version, new ZoneSet(version, _margin, zones), [.. zones.Select(zone => new KeepOutArea(zone))]);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The zones as of one version, and the same compiled for the envelope's check.</summary>
internal sealed record ZoneSnapshot(long Version, ZoneSet Set, KeepOutArea[] Areas);

internal enum ZoneEdit
{
    Created,
    Replaced,
    Deleted,
    NotFound,

    /// <summary>The zone is configured: only configuration changes it.</summary>
    Configured,

    /// <summary><see cref="SafetyOptions.MaxZones"/> already.</summary>
    TooMany,
}
