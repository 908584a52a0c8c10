using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Robots;

/// <summary>The <c>Events</c> section: how often <c>/robots/events</c> speaks between commands.</summary>
public sealed class RobotEventsOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// How often every stream gets a <c>keepalive</c> event. A quiet fleet sends nothing else, so without it a
    /// subscriber cannot tell a calm api from a hung one, and proxies close connections they think are idle.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// While a robot moves, its state (with the pose) is published at most this often; every command and stop is
    /// published at once besides.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PoseInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
