using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

/// <summary>The lease: a motion stops by itself unless renewed. Time is simulated, so nothing here depends on speed.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class DeadmanTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ApiFactory _api;
    private readonly HttpClient _client;

    public DeadmanTests()
    {
        _api = new ApiFactory([], _time);
        _client = _api.CreateAuthorizedClient();
    }

    [Fact]
    public async Task Drive_WithoutHeartbeat_StopsWhenTheLeaseExpires()
    {
        await Drive("forward", leaseMs: 500);

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(Direction.Forward, _api.Robot("Linus").GetState().Motion);

        _time.Advance(TimeSpan.FromMilliseconds(2));
        await Eventually.True(() => _api.Robot("Linus").GetState().Motion == Direction.Stop, "the deadman stops Linus");
        Assert.All(RobotSettings.LinusDirectionPins, pin => Assert.Equal(0, (int)_api.Pins("Linus").GetLevel(pin)));
    }

    [Fact]
    public async Task Heartbeat_RenewsTheLease()
    {
        await Drive("forward", leaseMs: 500);

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(400));
            using var beat = await _client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 500 });
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        // 4 s after the drive, far past its first lease, it still moves.
        Assert.Equal(Direction.Forward, _api.Robot("Linus").GetState().Motion);
        Assert.Equal(1, (int)_api.Pins("Linus").GetLevel(13));

        _time.Advance(TimeSpan.FromMilliseconds(501));
        await Eventually.True(() => _api.Robot("Linus").GetState().Motion == Direction.Stop, "the deadman stops Linus once heartbeats stop");
    }

    [Fact]
    public async Task Heartbeat_WithoutBody_RenewsByTheDefaultLease()
    {
        await Drive("left", leaseMs: 100);

        _time.Advance(TimeSpan.FromMilliseconds(90));
        using var beat = await _client.PostAsync("/robots/linus/heartbeat", content: null);
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        _time.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Equal(Direction.Left, _api.Robot("Linus").GetState().Motion);
    }

    [Fact]
    public async Task NewDrive_RenewsTheLease()
    {
        await Drive("forward", leaseMs: 500);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        await Drive("right", leaseMs: 500);
        _time.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Equal(Direction.Right, _api.Robot("Linus").GetState().Motion);
    }

    [Fact]
    public async Task DeadmanStop_IsCountedAndLeavesTheOtherRobotAlone()
    {
        await Drive("forward", leaseMs: 200);
        using var torvalds = await _client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "backward", leaseMs = 5000 });

        _time.Advance(TimeSpan.FromMilliseconds(250));

        await Eventually.True(() => _api.Robot("Linus").GetState().Motion == Direction.Stop, "Linus's lease expired");
        Assert.Equal(Direction.Backward, _api.Robot("Torvalds").GetState().Motion);
    }

    [Fact]
    public async Task State_ReportsTheRemainingLease()
    {
        await Drive("forward", leaseMs: 1000);
        _time.Advance(TimeSpan.FromMilliseconds(300));

        var state = await _client.GetFromJsonAsync<RobotStateDto>("/robots/linus");

        Assert.Equal(700, state!.LeaseRemainingMs);
    }

    private async Task Drive(string direction, int leaseMs)
    {
        using var response = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction, leaseMs });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _api.Dispose();
    }
}
