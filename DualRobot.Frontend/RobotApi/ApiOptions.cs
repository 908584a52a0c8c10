using System.ComponentModel.DataAnnotations;

namespace DualRobot.Frontend.RobotApi;

/// <summary>The <c>Api</c> section: where the control api lives.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The name of the one api instance when <see cref="Instances"/> names none.</summary>
    public const string DefaultInstance = "api";

    /// <summary>Resolved by Aspire service discovery (<c>services__api__http__0</c>) when run by the AppHost.</summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("http://api");

    /// <summary>
    /// Api instances that share the robots, by name (<c>Api:Instances:api-0=http://api-0.api-shards:8080</c>): each
    /// drives its own robots, and the console merges them into one fleet, sending each command to its robot's
    /// instance. Empty (the default): the one api at <see cref="BaseAddress"/>.
    /// </summary>
    public Dictionary<string, Uri> Instances { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every api instance the console talks to, in name order.</summary>
    public IReadOnlyList<ApiInstance> InstanceList() => Instances.Count == 0
        ? [new ApiInstance(DefaultInstance, BaseAddress)]
        : Instances.OrderBy(entry => entry.Key, StringComparer.OrdinalIgnoreCase).Select(entry => new ApiInstance(entry.Key, entry.Value)).ToList();

    /// <summary>
    /// The live state is declared lost when the api's event stream brings nothing, not even its keep-alive
    /// (<c>Events:KeepAlive</c> on the api, 15 s), for this long: an api that hangs with the connection open
    /// shows as unreachable instead of as a fleet that stands still. Keep it a few keep-alives long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan EventsIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How long the console waits for the api's answer to a command before it gives up and says so. The same
    /// instant goes to the api as <c>X-Command-Deadline</c>: a command still in transit then is refused there, so
    /// "nothing was sent" stays true. The page gives up <see cref="PageMargin"/> later.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:05")] // within the HttpClient's own 5 s
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>
    /// The page's own wait for a command on top of <see cref="CommandTimeout"/>: the hop from the browser to the
    /// console and back, so the console's own answer (the api unreachable, say) reaches the page before it gives up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan PageMargin { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the page waits for a command's answer before it shows the failure (1 s by default).</summary>
    public TimeSpan PageCommandTimeout => CommandTimeout + PageMargin;
}
