using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Apis;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Apis;

/// <summary>Time is frozen, so "per second" is exact: the burst is the limit, and only time refills it.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class RateLimitTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ApiFactory _api;

    public RateLimitTests() => _api = new ApiFactory(new Dictionary<string, string?> { ["Control:MaxCommandsPerSecond"] = "10" }, _time);

    [Fact]
    public async Task BurstOverTheLimit_Gets429_WhileStopAndEmergencyStopGoThrough()
    {
        using var client = _api.CreateAuthorizedClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            using var response = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = i % 2 == 0 ? "forward" : "left", leaseMs = 5000 });
            statuses.Add(response.StatusCode);
        }

        var before = _api.TotalPinChanges;
        using var limited = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "backward", leaseMs = 5000 });
        using var stop = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        using var estop = await client.PostAsync("/estop", null);

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(ProblemTypes.RateLimited, (await limited.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, estop.StatusCode);
        Assert.True(_api.TotalPinChanges > before, "the stop and the e-stop wrote the pins");
        Assert.All(RobotSettings.LinusDirectionPins, pin => Assert.Equal(0, (int)_api.Pins("Linus").GetLevel(pin)));
    }

    [Fact]
    public async Task Velocity_CountsAgainstTheLimit_LikeDrive()
    {
        using var client = _api.CreateAuthorizedClient();
        for (var i = 0; i < 5; i++)
        {
            using var drive = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });
            using var velocity = await client.PostAsJsonAsync("/robots/linus/velocity", new { linear = 0.5, angular = 0.1, leaseMs = 5000 });
        }

        var before = _api.TotalPinChanges;
        using var limited = await client.PostAsJsonAsync("/robots/linus/velocity", new { left = -1, right = 1, leaseMs = 5000 });
        using var stop = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(0, _api.Pins("Linus").GetDutyCycle(12));
        Assert.True(_api.TotalPinChanges > before, "the stop wrote the pins");
    }

    [Fact]
    public async Task Limit_IsPerRobot_AndRefillsWithTime()
    {
        using var client = _api.CreateAuthorizedClient();
        for (var i = 0; i < 10; i++)
        {
            using var _ = await client.PostAsJsonAsync("/robots/linus/eye", new { state = "on" });
        }

        using var limited = await client.PostAsJsonAsync("/robots/linus/eye", new { state = "off" });
        using var otherRobot = await client.PostAsJsonAsync("/robots/torvalds/eye", new { state = "on" });
        _time.Advance(TimeSpan.FromSeconds(1));
        using var refilled = await client.PostAsJsonAsync("/robots/linus/eye", new { state = "off" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherRobot.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refilled.StatusCode);
    }

    public void Dispose() => _api.Dispose();
}
