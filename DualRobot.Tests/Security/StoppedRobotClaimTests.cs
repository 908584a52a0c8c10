using System.Net;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 5: heartbeats alone kept a stopped robot claimed (two a second held Torvalds and refused bob's
/// take-over). A heartbeat renews its sender's claim only while the robot moves; a stopped robot's claim goes idle
/// after <c>Control:ClaimActiveMs</c> and lapses after <c>Control:ClaimIdleSeconds</c> (defaults 1 s and 10 s).
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class StoppedRobotClaimTests : IAsyncLifetime
{
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _api = new ApiFactory(Safety.SafetySettings.OpenFloor("Torvalds"), _time); // driven for 11 s: far past the default arena's edge
        _client = _api.CreateAuthorizedClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task HeartbeatsOfAStoppedRobot_DoNotKeepItActive_AnOperatorTakesOver()
    {
        await SendAsync("alice", "/robots/torvalds/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);
        await SendAsync("alice", "/robots/torvalds/drive", """{"direction":"stop"}""", HttpStatusCode.OK);

        await HeartbeatsAsync("alice", TimeSpan.FromSeconds(2));

        await SendAsync("bob", "/robots/torvalds/take-control", null, HttpStatusCode.OK, OperatorRoles.Operator);
        Assert.Equal("bob", _api.Robot("Torvalds").GetState().Driver);
    }

    [Fact]
    public async Task HeartbeatsOfAStoppedRobot_LetItsClaimLapse_AnotherUserDrives()
    {
        await SendAsync("alice", "/robots/torvalds/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);
        await SendAsync("alice", "/robots/torvalds/drive", """{"direction":"stop"}""", HttpStatusCode.OK);

        await HeartbeatsAsync("alice", TimeSpan.FromSeconds(11));

        await SendAsync("bob", "/robots/torvalds/drive", """{"direction":"left","leaseMs":5000}""", HttpStatusCode.OK);
        Assert.Equal(Direction.Left, _api.Robot("Torvalds").GetState().Motion);
    }

    [Fact]
    public async Task HeartbeatsOfAMovingRobot_StillKeepItsClaim()
    {
        await SendAsync("alice", "/robots/torvalds/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);

        await HeartbeatsAsync("alice", TimeSpan.FromSeconds(11));

        Assert.Equal(Direction.Forward, _api.Robot("Torvalds").GetState().Motion);
        await SendAsync("bob", "/robots/torvalds/take-control", null, HttpStatusCode.Conflict, OperatorRoles.Operator);
        await SendAsync("bob", "/robots/torvalds/drive", """{"direction":"left","leaseMs":5000}""", HttpStatusCode.Conflict);
    }

    /// <summary>A page's heartbeats, one every <see cref="HeartbeatEvery"/> for <paramref name="duration"/>, each accepted.</summary>
    private async Task HeartbeatsAsync(string user, TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += HeartbeatEvery)
        {
            _time.Advance(HeartbeatEvery);
            await SendAsync(user, "/robots/torvalds/heartbeat", """{"leaseMs":5000}""", HttpStatusCode.OK);
        }
    }

    private async Task SendAsync(string user, string path, string? body, HttpStatusCode expected, string? role = null) =>
        (await _client.SendAsAsync(user, "POST", path, body, expected, role)).Dispose();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }
}
