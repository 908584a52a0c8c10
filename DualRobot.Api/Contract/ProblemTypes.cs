namespace DualRobot.Contract;

/// <summary>
/// The <c>type</c> of every problem the api and the console answer with, stable so clients can branch on it: the
/// page branches on the part after <see cref="Base"/> (its "kind"), which the console renders into the page.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://dualrobot.dev/problems/";

    public const string Validation = Base + "validation";
    public const string RobotNotFound = Base + "robot-not-found";

    /// <summary>No group of that name on this api instance (<c>/groups/{group}</c>) (404).</summary>
    public const string GroupNotFound = Base + "group-not-found";
    public const string BackendUnavailable = Base + "backend-unavailable";
    public const string EmergencyStopLatched = Base + "emergency-stop-latched";
    public const string Superseded = Base + "superseded-by-stop";
    public const string StaleCommand = Base + "stale-command";
    public const string RateLimited = Base + "rate-limited";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string RobotInUse = Base + "robot-in-use";
    public const string RecordingNotFound = Base + "recording-not-found";

    /// <summary>A motion that could not move at all without entering a keep-out zone or leaving the arena (409, names the zone).</summary>
    public const string KeepOut = Base + "keep-out";

    /// <summary>A motion over the caller's speed cap on a robot that has no slower speed (no enable pins) (409).</summary>
    public const string SpeedLimit = Base + "speed-limit";

    public const string ZoneNotFound = Base + "zone-not-found";

    /// <summary>A zone from configuration, which only a change of configuration may change or delete (409).</summary>
    public const string ZoneConfigured = Base + "zone-configured";

    /// <summary>The api's safety store (zones, slow mode) could not be written; nothing changed (503).</summary>
    public const string StoreUnavailable = Base + "store-unavailable";

    /// <summary>The console's own answer when the api cannot be reached (or did not answer in time).</summary>
    public const string ApiUnreachable = Base + "api-unreachable";

    /// <summary>The console's own answer when the signed-in session ended while its page still held a command socket.</summary>
    public const string SessionEnded = Base + "session-ended";

    /// <summary>The part of a problem type after <see cref="Base"/>: what the page calls its kind.</summary>
    public static string KindOf(string type) => type.StartsWith(Base, StringComparison.Ordinal) ? type[Base.Length..] : type;
}
