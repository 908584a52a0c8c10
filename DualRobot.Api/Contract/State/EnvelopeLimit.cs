using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary>What held a robot's last motion back (the safety envelope's answer), by its wire name.</summary>
[JsonConverter(typeof(ExactEnumConverter<EnvelopeLimit>))]
public enum EnvelopeLimit
{
    /// <summary>Applied as asked.</summary>
    [JsonStringEnumMemberName("none")]
    None,

    /// <summary>Capped at its sender's role's maximum speed (<c>Safety:MaxSpeed:&lt;role&gt;</c>).</summary>
    [JsonStringEnumMemberName("role")]
    Role,

    /// <summary>Capped at the robot's slow-mode speed (<c>Safety:SlowModeMaxSpeed</c>).</summary>
    [JsonStringEnumMemberName("slow-mode")]
    SlowMode,

    /// <summary>Slowed or cut short so the robot stops the margin before a keep-out zone (named).</summary>
    [JsonStringEnumMemberName("keep-out")]
    KeepOut,

    /// <summary>Slowed or cut short so the robot stops the margin before the arena's edge.</summary>
    [JsonStringEnumMemberName("arena")]
    Arena,
}
