using System.ComponentModel.DataAnnotations;

namespace DualRobot.Frontend.RobotApi;

/// <summary>The <c>Api</c> section: where the control api lives.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Resolved by Aspire service discovery (<c>services__api__http__0</c>) when run by the AppHost.</summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("http://api");

    /// <summary>
    /// The live state is declared lost when the api's event stream brings nothing, not even its keep-alive
    /// (<c>Events:KeepAlive</c> on the api, 15 s), for this long: an api that hangs with the connection open
    /// shows as unreachable instead of as a fleet that stands still. Keep it a few keep-alives long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan EventsIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);
}
