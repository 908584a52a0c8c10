namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// With robots sharded over several api instances each instance numbers its own recorded sessions, so the console
/// names a session by its instance and number (<c>api-1~42</c>) and sends a read to that instance with the number.
/// With one api the api's own numbers are used as they are.
/// </summary>
public static class FleetRecordingIds
{
    /// <summary>Between the instance and the number: unreserved in a URL, and not in an instance's name (a DNS label).</summary>
    public const char Separator = '~';

    public static string Of(string instance, string id) => $"{instance}{Separator}{id}";

    /// <summary>The instance named by <paramref name="id"/> and its own number; false when it names no known instance.</summary>
    public static bool TryResolve(string id, IReadOnlyList<ApiInstance> instances, out ApiInstance instance, out string number)
    {
        (instance, number) = (null!, "");
        var at = id.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        var name = id[..at];
        number = id[(at + 1)..];
        instance = instances.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return instance is not null;
    }
}
