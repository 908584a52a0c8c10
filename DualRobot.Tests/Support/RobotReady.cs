using System.Net;
using System.Net.Http.Json;

namespace DualRobot.Tests.Support;

/// <summary>
/// A robot on a remote backend reports itself connected a moment before its pins are open and its first safe state
/// is written (until then its commands get 503). A stop is answered 200 only after that, so it is what to wait for.
/// </summary>
public static class RobotReady
{
    public static Task WaitAsync(HttpClient client, string robot, TimeSpan? limit = null) =>
        Eventually.True(async () =>
        {
            using var stop = await client.PostAsJsonAsync($"/robots/{robot}/drive", new { direction = "stop" });
            return stop.StatusCode == HttpStatusCode.OK;
        }, $"{robot} is ready", limit);
}
