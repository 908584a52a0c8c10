using System.Net;
using System.Net.Http.Json;
using DualRobot.Tests.Apis;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Security;

/// <summary>
/// The concurrent version of Apis/RateLimitTests: several clients burst over the limit in parallel while a stop and
/// the e-stop are sent. Time is frozen, so the per-second budget is exact and only the burst spends it.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConcurrentRateLimitTests : IDisposable
{
    private const int Limit = 10;
    private const int Clients = 6;
    private const int PerClient = 15;
    private static readonly int[] LinusDirectionPins = RobotSettings.LinusDirectionPins;

    private readonly ApiFactory _api = new(
        new Dictionary<string, string?> { ["Control:MaxCommandsPerSecond"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55)));

    [Fact]
    public async Task ParallelBurst_Gets429_WhileStopAndEmergencyStopGoThrough_AndThePinsEndStopped()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var half = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = 0;
        // Clients are created before going parallel: WebApplicationFactory builds its server on first use, and
        // concurrent first uses would each build one.
        var httpClients = Enumerable.Range(0, Clients).Select(_ => _api.CreateAuthorizedClient()).ToArray();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var client = httpClients[c];
            var statuses = new List<HttpStatusCode>();
            await start.Task;
            for (var i = 0; i < PerClient; i++)
            {
                using var response = await client.PostAsJsonAsync("/robots/linus/drive",
                    new { direction = (c + i) % 2 == 0 ? "forward" : "left", leaseMs = 5000 });
                statuses.Add(response.StatusCode);
                if (Interlocked.Increment(ref sent) == Clients * PerClient / 2)
                {
                    half.SetResult();
                }
            }

            return statuses;
        })).ToArray();

        start.SetResult();
        // Stop and e-stop in the middle of the burst, from their own clients, in parallel with it.
        await half.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using var stopClient = _api.CreateAuthorizedClient();
        using var estopClient = _api.CreateAuthorizedClient();
        var stop = stopClient.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        var estop = estopClient.PostAsync("/estop", null);
        using var stopResponse = await stop;
        using var estopResponse = await estop;
        var statuses = (await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60))).SelectMany(s => s).ToList();

        Assert.Equal(HttpStatusCode.OK, stopResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, estopResponse.StatusCode);
        // The budget is spent once: at most Limit motions were applied; the rest were limited (429) or, once the
        // stop or the latch had arrived, refused (409). Nothing else, and never a 5xx.
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) <= Limit, $"more than {Limit} motions accepted in one frozen second: {string.Join(",", statuses.Select(s => (int)s))}");
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.TooManyRequests }));
        Assert.All(LinusDirectionPins, pin => Assert.Equal(0, (int)_api.Pins("Linus").GetLevel(pin)));
        Assert.Equal("stop", (await stopClient.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.Motion);
        Assert.True(_api.Fleet.EmergencyStop.Latched);
    }

    public void Dispose() => _api.Dispose();
}
