namespace DualRobot.Api.Apis;

/// <summary>The <c>type</c> of every problem the api returns, stable so clients can branch on it.</summary>
public static class ProblemTypes
{
    private const string Base = "https://dualrobot.dev/problems/";

    public const string Validation = Base + "validation";
    public const string RobotNotFound = Base + "robot-not-found";
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
}
