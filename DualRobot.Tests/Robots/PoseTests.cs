using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

/// <summary>The estimated pose and the velocity lease through the api, on simulated time.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class PoseTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public PoseTests()
    {
        _api = new ApiFactory([], _time);
        _client = _api.CreateAuthorizedClient();
    }

    [Fact]
    public async Task FullSpeedForward_ForOneSecond_IsMaxWheelSpeedAhead()
    {
        // A lease that ends before the safety margin of the arena's wall: 0.8 m ahead of 1.9 m.
        await Velocity(new { linear = 1, angular = 0, leaseMs = 2000 });

        _time.Advance(TimeSpan.FromSeconds(1));
        var state = _api.Robot("Linus").GetState();

        Assert.Equal(_api.Robot("Linus").Options.Kinematics.StartPose.X + 0.4, state.Pose.X, 9);
        Assert.Equal(0, state.Pose.Y, 9);
        Assert.Equal(0, state.Pose.Heading, 9);
    }

    [Fact]
    public async Task TheDefaultRobots_StartApart_AndAPoseResetPutsEachBackAtItsStart()
    {
        Assert.Equal(new Pose(-0.5, 0, 0), _api.Robot("Linus").GetState().Pose);
        Assert.Equal(new Pose(0.5, 0, 0), _api.Robot("Torvalds").GetState().Pose);
        await Velocity(new { linear = 1, angular = 0.5, leaseMs = 5000 });
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotEqual(new Pose(-0.5, 0, 0), _api.Robot("Linus").GetState().Pose);

        using var reset = await _client.PostAsync("/robots/linus/pose/reset", null);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(new Pose(-0.5, 0, 0), _api.Robot("Linus").GetState().Pose);
    }

    [Fact]
    public async Task SimulatedRobot_StopsTheSafetyMarginBeforeTheArenaWall()
    {
        await Velocity(new { linear = 1, angular = 0, leaseMs = 5000 });
        for (var i = 0; i < 7; i++)
        {
            // 8.4 s at 0.4 m/s with heartbeats, but the wall is 2.5 m ahead of Linus's start (−0.5, 0): the envelope stops Linus 0.1 m before it
            // (Safety:MarginMeters), where the lease it cut short runs out. The walls themselves: PoseEstimatorTests.
            // In 10 ms steps: the fake clock fires the deadman's timer at the end of a step, not at its due time.
            for (var step = 0; step < 120; step++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(10));
            }

            await _client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 5000 });
        }

        await Eventually.True(() => _api.Robot("Linus").GetState().Motion == Direction.Stop, "Linus stops short of the wall");
        Assert.InRange(_api.Robot("Linus").GetState().Pose.X, 1.89, 1.9 + 1e-9);
        Assert.True(_api.Robot("Linus").GetState().AtWall, "held at the arena's edge, the state says it is at the wall");
    }

    [Fact]
    public async Task SimulatedRobot_AtTheWall_SaysSo_UntilItLeavesIt()
    {
        // Without a safety margin the envelope lets Linus reach the wall itself (with one it stops short: above).
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["Safety:MarginMeters"] = "0" }, _time);
        using var client = api.CreateAuthorizedClient();
        await client.PostAsJsonAsync("/robots/linus/velocity", new { linear = 1, angular = 0, leaseMs = 5000 });
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(api.Robot("Linus").GetState().AtWall);
        for (var i = 0; i < 7; i++)
        {
            for (var step = 0; step < 120; step++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(10));
            }

            await client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 5000 });
        }

        await Eventually.True(() => api.Robot("Linus").GetState().AtWall, "Linus is at the wall");
        await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        var stopped = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/robots/linus");
        Assert.True(stopped.GetProperty("atWall").GetBoolean(), "still against it, standing");

        // Backing away from it.
        await client.PostAsJsonAsync("/robots/linus/velocity", new { linear = -1, angular = 0, leaseMs = 5000 });
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.False(api.Robot("Linus").GetState().AtWall);
    }

    [Fact]
    public async Task WhileMoving_StateIsPublishedEveryPoseInterval_AndNotWhenStill()
    {
        await Velocity(new { linear = 0.5, angular = 0.5, leaseMs = 5000 });
        var version = _api.Robot("Linus").GetState().Version;

        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.True(() => _api.Robot("Linus").GetState().Version > version, "a pose update is published after 100 ms");

        await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        var stopped = _api.Robot("Linus").GetState().Version;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(stopped, _api.Robot("Linus").GetState().Version);
    }

    [Fact]
    public async Task Velocity_WithoutHeartbeat_StopsWhenTheLeaseExpires_AndHeartbeatsRenewIt()
    {
        await Velocity(new { left = 0.5, right = 0.5, leaseMs = 500 });
        _time.Advance(TimeSpan.FromMilliseconds(400));
        using var beat = await _client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 500 });
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(Direction.Velocity, _api.Robot("Linus").GetState().Motion);

        _time.Advance(TimeSpan.FromMilliseconds(101));

        await Eventually.True(() => _api.Robot("Linus").GetState().Motion == Direction.Stop, "the deadman stops the velocity");
        Assert.All(new[] { 13, 21, 17, 27 }, pin => Assert.Equal(0, (int)_api.Pins("Linus").GetLevel(pin)));
        Assert.Equal(0, _api.Pins("Linus").GetDutyCycle(12));
        var state = _api.Robot("Linus").GetState();
        Assert.Equal((0.0, 0.0), (state.Left, state.Right));
    }

    private async Task Velocity(object body)
    {
        using var response = await _client.PostAsJsonAsync("/robots/linus/velocity", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _api.Dispose();
    }
}
