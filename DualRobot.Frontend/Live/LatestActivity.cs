using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DualRobot.Frontend.Live;

/// <summary>
/// The audit records the Activity panel can show: the newest <see cref="Count"/> overall and the newest
/// <see cref="Count"/> of each robot (so filtering by a robot still finds its own), each as the api's JSON. A record
/// that comes again under its id (a count of refusals that grew) replaces the one kept. Each api instance numbers its
/// own trail, so a record is known by its instance and id (the JSON names the instance for the page) and ordered by
/// its time. Not thread-safe.
/// </summary>
public sealed class LatestActivity(int count)
{
    private readonly SortedDictionary<Key, (string? Robot, string Json)> _records = [];
    private readonly Dictionary<(string Instance, long Id), Key> _keys = [];

    public int Count { get; } = count;

    /// <summary>The records kept, oldest first.</summary>
    public IEnumerable<string> Records => _records.Values.Select(record => record.Json);

    /// <summary>
    /// Keeps <paramref name="json"/> if it is a record (an id) among the newest, named as <paramref name="instance"/>'s
    /// when given; the JSON kept (with the instance), or null if not kept.
    /// </summary>
    public string? Add(string json, string? instance = null)
    {
        if (!TryRead(json, instance, out var key, out var robot, out var kept))
        {
            return null;
        }

        if (_keys.Remove((key.Instance, key.Id), out var old))
        {
            _records.Remove(old);
        }

        _records[key] = (robot, kept);
        _keys[(key.Instance, key.Id)] = key;
        if (_records.Count > Count)
        {
            Prune();
        }

        return _records.ContainsKey(key) ? kept : null;
    }

    private void Prune()
    {
        var newest = _records.Reverse().ToList();
        var keep = newest.Take(Count)
            .Concat(newest.Where(entry => entry.Value.Robot is not null)
                .GroupBy(entry => entry.Value.Robot!, StringComparer.OrdinalIgnoreCase)
                .SelectMany(robot => robot.Take(Count)))
            .Select(entry => entry.Key)
            .ToHashSet();
        foreach (var (key, _) in newest.Where(entry => !keep.Contains(entry.Key)))
        {
            _records.Remove(key);
            _keys.Remove((key.Instance, key.Id));
        }
    }

    private static bool TryRead(string json, string? instance, out Key key, out string? robot, out string kept)
    {
        (key, robot, kept) = (default, null, json);
        try
        {
            if (JsonNode.Parse(json) is not JsonObject record || record["id"] is not JsonValue idValue || !idValue.TryGetValue(out long id))
            {
                return false;
            }

            robot = record["robot"] is JsonValue robotValue && robotValue.TryGetValue(out string? name) ? name : null;
            var time = record["time"] is JsonValue timeValue && timeValue.TryGetValue(out string? text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : DateTimeOffset.MinValue;
            if (instance is not null)
            {
                record["instance"] = instance;
                kept = record.ToJsonString();
            }

            key = new Key(time, instance ?? "", id);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Oldest first: by time, then instance, then the instance's own order.</summary>
    private readonly record struct Key(DateTimeOffset Time, string Instance, long Id) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var byTime = Time.CompareTo(other.Time);
            if (byTime != 0)
            {
                return byTime;
            }

            var byInstance = string.CompareOrdinal(Instance, other.Instance);
            return byInstance != 0 ? byInstance : Id.CompareTo(other.Id);
        }
    }
}
