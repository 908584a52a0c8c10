namespace DualRobot.Api.Control;

public enum CommandStatus
{
    /// <summary>Applied to the pins.</summary>
    Accepted,

    /// <summary>The backend cannot be reached; nothing was applied (HTTP 503).</summary>
    Unavailable,

    /// <summary>The emergency stop is latched; motion is refused (HTTP 409).</summary>
    EmergencyStopped,

    /// <summary>Over <c>Control:MaxCommandsPerSecond</c> for this robot (HTTP 429).</summary>
    RateLimited,

    /// <summary>A stop that arrived while this motion waited took effect first; the motion was dropped (HTTP 409).</summary>
    Superseded,

    /// <summary>Arrived after its <c>X-Command-Deadline</c> (plus the clock-skew allowance); nothing was applied (HTTP 409).</summary>
    Stale,

    /// <summary>Another user holds the robot's control claim; nothing was applied (HTTP 409).</summary>
    InUse,

    /// <summary>The motion could not move at all without nearing a keep-out zone or the arena's edge; nothing was applied (HTTP 409).</summary>
    KeepOut,

    /// <summary>Over the sender's speed cap on a robot with only full speed; nothing was applied (HTTP 409).</summary>
    SpeedLimited,
}
