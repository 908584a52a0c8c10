using System.Text.Json;

namespace DualRobot.Frontend.Live;

/// <summary>
/// The audit records the Activity panel can show: the newest <see cref="Count"/> overall and the newest
/// <see cref="Count"/> of each robot (so filtering by a robot still finds its own), each as the api's JSON. A record
/// that comes again under its id (a count of refusals that grew) replaces the one kept. Not thread-safe.
/// </summary>
public sealed class LatestActivity(int count)
{
    private readonly SortedDictionary<long, (string? Robot, string Json)> _records = [];

    public int Count { get; } = count;

    /// <summary>The records kept, oldest first.</summary>
    public IEnumerable<string> Records => _records.Values.Select(record => record.Json);

    /// <summary>Keeps <paramref name="json"/> if it is a record (an id) among the newest; false if not kept.</summary>
    public bool Add(string json)
    {
        if (!TryRead(json, out var id, out var robot))
        {
            return false;
        }

        _records[id] = (robot, json);
        if (_records.Count > Count)
        {
            Prune();
        }

        return _records.ContainsKey(id);
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
        foreach (var (id, _) in newest.Where(entry => !keep.Contains(entry.Key)))
        {
            _records.Remove(id);
        }
    }

    private static bool TryRead(string json, out long id, out string? robot)
    {
        (id, robot) = (0, null);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out id))
            {
                return false;
            }

            robot = root.TryGetProperty("robot", out var robotElement) && robotElement.ValueKind == JsonValueKind.String ? robotElement.GetString() : null;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
