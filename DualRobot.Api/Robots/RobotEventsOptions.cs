using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Robots;

/// <summary>The <c>Events</c> section: how <c>/robots/events</c> proves it is alive between state changes.</summary>
public sealed class RobotEventsOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// How often every stream gets a <c>keepalive</c> event. A quiet fleet sends nothing else, so without it a
    /// subscriber cannot tell a calm api from a hung one, and proxies close connections they think are idle.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}
