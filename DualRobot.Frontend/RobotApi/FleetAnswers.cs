using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// One answer from the answers of several api instances: the e-stop, its release and zone edits sent to every instance, and
/// reads of the whole fleet merged. The console never says what isn't so: an e-stop that did not reach an instance
/// is not a success, and its answer names the robots it could not stop.
/// </summary>
public static class FleetAnswers
{
    public const string EmergencyStop = "Emergency stop";
    public const string Release = "Emergency stop release";
    public const string ZoneChange = "Zone change";

    /// <summary>
    /// Every instance's answer to a fleet-wide command: the first success when all succeeded; an api's own refusal as
    /// it came (every instance applies the same rules); else, when some could not be reached, a 503 naming the robots
    /// (and instances) it did not reach and the robots it did.
    /// </summary>
    public static ApiResponse Combine(string action, IReadOnlyList<(string Instance, IReadOnlyList<string> Robots, ApiResponse Answer)> answers)
    {
        if (answers.All(a => a.Answer.IsSuccess))
        {
            return answers[0].Answer;
        }

        if (answers.FirstOrDefault(a => !a.Answer.IsSuccess && !IsUnreachable(a.Answer)) is { Answer: { } refused })
        {
            return refused;
        }

        var missed = answers.Where(a => !a.Answer.IsSuccess).ToList();
        var reached = answers.Where(a => a.Answer.IsSuccess).ToList();
        var unreachableRobots = missed.SelectMany(a => a.Robots).Order(StringComparer.Ordinal).ToList();
        var done = reached.Count == 0 ? "No api instance could be reached." : $"Done on {Describe(reached)}.";
        return ApiResponse.Problem(StatusCodes.Status503ServiceUnavailable, new
        {
            type = ProblemTypes.ApiUnreachable,
            title = $"{action} not confirmed for every robot",
            status = StatusCodes.Status503ServiceUnavailable,
            detail = $"{done} Not reached: {Describe(missed)}; try again.",
            unreachableRobots,
            unreachableInstances = missed.Select(a => a.Instance).ToList(),
        });
    }

    /// <summary>
    /// The JSON arrays of the answers that succeeded, merged newest first by <paramref name="timeField"/> and cut to
    /// <paramref name="limit"/>; the first failure when none succeeded.
    /// </summary>
    public static ApiResponse NewestFirst(IReadOnlyList<ApiResponse> answers, string timeField, int limit)
    {
        var succeeded = answers.Where(a => a.IsSuccess).ToList();
        if (succeeded.Count == 0)
        {
            return answers[0];
        }

        var merged = new JsonArray();
        foreach (var item in succeeded.SelectMany(a => JsonNode.Parse(a.Body) as JsonArray ?? [])
                     .OrderByDescending(item => Time(item, timeField)).Take(limit).ToList())
        {
            item!.AsObject().Parent?.AsArray().Remove(item);
            merged.Add(item);
        }

        return succeeded[0] with { Body = merged.ToJsonString() };
    }

    /// <summary>
    /// The zones of every instance that answered as one set: the fleet-wide zones (on every instance) once, each
    /// robot's zones from its instance; the margin of the first; the version the sum of theirs, so that an edit on any
    /// instance changes it. The first failure when none answered.
    /// </summary>
    public static ApiResponse MergedZones(IReadOnlyList<ApiResponse> answers)
    {
        var succeeded = answers.Where(a => a.IsSuccess).ToList();
        if (succeeded.Count == 0)
        {
            return answers[0];
        }

        var sets = succeeded.Select(a => JsonNode.Parse(a.Body)?.AsObject() ?? []).ToList();
        var zones = new JsonArray();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var zone in sets.SelectMany(set => set["zones"]?.AsArray() ?? []).OfType<JsonObject>().ToList())
        {
            if (zone["name"]?.GetValue<string>() is { } name && names.Add(name))
            {
                zone.Parent?.AsArray().Remove(zone);
                zones.Add(zone);
            }
        }

        var merged = new JsonObject
        {
            ["version"] = sets.Sum(set => set["version"]?.GetValue<long>() ?? 0),
            ["marginMeters"] = sets[0]["marginMeters"]?.DeepClone(),
            ["zones"] = zones,
        };
        return succeeded[0] with { Body = merged.ToJsonString() };
    }

    private static bool IsUnreachable(ApiResponse answer) => answer.FromConsole && answer.StatusCode == StatusCodes.Status503ServiceUnavailable;

    private static string Describe(IEnumerable<(string Instance, IReadOnlyList<string> Robots, ApiResponse Answer)> answers) =>
        string.Join(", ", answers.Select(a => a.Robots.Count == 0 ? a.Instance : $"{a.Instance} ({string.Join(", ", a.Robots)})"));

    private static DateTimeOffset Time(JsonNode? item, string field) =>
        item?[field]?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : DateTimeOffset.MinValue;
}
