namespace DualRobot.Api.Diagnostics;

/// <summary>The <c>outcome</c> label of <c>dualrobot_commands_total</c> and the span attribute of the same name.</summary>
public static class CommandOutcomes
{
    public const string Accepted = "accepted";
    public const string Invalid = "invalid";
    public const string Unavailable = "unavailable";
    public const string EmergencyStopped = "estopped";
    public const string RateLimited = "rate_limited";
    public const string Superseded = "superseded";
    public const string Stale = "stale";
    public const string InUse = "in_use";
    public const string KeepOut = "keep_out";
    public const string SpeedLimited = "speed_limit";

    /// <summary>Audit only: refused for the caller's role before the command ran (403).</summary>
    public const string Forbidden = "forbidden";
}
