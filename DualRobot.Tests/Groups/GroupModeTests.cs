using System.Net;
using DualRobot.Tests.Apis;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Groups;

/// <summary>
/// The modes' paths on the simulated robots, on a fake clock (deterministic): mirrored arcs against their closed form,
/// and a follower that reaches its offset behind the leader and keeps it.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class GroupModeTests : IAsyncLifetime
{
    private const double WheelSpeed = 0.4;
    private const double WheelBase = 0.15;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero));
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _api = new ApiFactory(GroupSettings.BothWithSpeedControl(), _time);
        _client = _api.CreateAuthorizedClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Mirror_DrivesTheSecondMemberOnTheMirroredArc_OfTheClosedForm()
    {
        // Sides 0.3 and 0.7: v = 0.2 m/s, ω = 16/15 rad/s; the second member turns the other way at the same rate.
        await Post("/groups/all/velocity", """{"mode":"mirror","linear":0.5,"angular":0.2,"leaseMs":3000}""");

        _time.AdvanceInSteps(TimeSpan.FromSeconds(2));

        var (v, w) = ((0.3 + 0.7) / 2 * WheelSpeed, (0.7 - 0.3) * WheelSpeed / WheelBase);
        var t = 2.0;
        var linus = _api.Robot("Linus").GetState().Pose;
        var torvalds = _api.Robot("Torvalds").GetState().Pose;
        AssertPose((-0.5 + (v / w * Math.Sin(w * t)), v / w * (1 - Math.Cos(w * t)), w * t), linus);
        AssertPose((0.5 + (v / w * Math.Sin(w * t)), -(v / w * (1 - Math.Cos(w * t))), -w * t), torvalds);
    }

    [Fact]
    public async Task Follow_OnAStraightLine_ReachesTheOffsetBehindTheLeader_Within2CentimetresIn5Seconds()
    {
        // Linus starts 1 m behind Torvalds, 0.3 m behind the point 0.7 m behind it.
        await Post("/groups/convoy/velocity", """{"mode":"follow","linear":0.5,"angular":0,"leaseMs":1000,"offsetMeters":0.7}""");

        await DriveAsync(TimeSpan.FromSeconds(5));

        Assert.InRange(FollowError(0.7), 0, 0.02);
        Assert.InRange(_api.Robot("Torvalds").GetState().Pose.X, 1.49, 1.51);
    }

    [Fact]
    public async Task Follow_OnAnArc_KeepsTheOffsetBehindTheLeader_Within2Centimetres()
    {
        // v = 0.2 m/s, ω = 4/15 rad/s: a circle of 0.75 m radius, well inside the arena.
        await Post("/groups/convoy/velocity", """{"mode":"follow","linear":0.5,"angular":0.05,"leaseMs":1000,"offsetMeters":0.5}""");
        await DriveAsync(TimeSpan.FromSeconds(5));

        var errors = new List<double>();
        for (var second = 0; second < 5; second++)
        {
            await DriveAsync(TimeSpan.FromSeconds(1));
            errors.Add(FollowError(0.5));
        }

        Assert.All(errors, error => Assert.InRange(error, 0, 0.02));
        Assert.InRange(Math.Abs(_api.Robot("Torvalds").GetState().Pose.Heading), 0.5, Math.PI);
    }

    [Fact]
    public async Task Follow_StopsEveryMember_WhenTheLeaderIsStoppedOnItsOwn()
    {
        await Post("/groups/convoy/velocity", """{"mode":"follow","linear":0.5,"angular":0,"leaseMs":1000}""");
        await DriveAsync(TimeSpan.FromMilliseconds(500));

        await Post("/robots/torvalds/drive", """{"direction":"stop"}""");
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(200));

        await Eventually.True(() => _api.Robot("Linus").GetState().Motion == Direction.Stop, "the follower stops with its leader");
    }

    /// <summary>Metres between the follower and the point <paramref name="offset"/> behind the leader.</summary>
    private double FollowError(double offset)
    {
        var leader = _api.Robot("Torvalds").GetState().Pose;
        var follower = _api.Robot("Linus").GetState().Pose;
        return Math.Sqrt(Math.Pow(follower.X - (leader.X - (offset * Math.Cos(leader.Heading))), 2)
            + Math.Pow(follower.Y - (leader.Y - (offset * Math.Sin(leader.Heading))), 2));
    }

    /// <summary>Keeps the group going with a heartbeat every half second of the fake clock.</summary>
    private async Task DriveAsync(TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromMilliseconds(500))
        {
            _time.AdvanceInSteps(TimeSpan.FromMilliseconds(500));
            await Post("/groups/convoy/heartbeat", """{"leaseMs":1000}""");
        }
    }


    private async Task Post(string path, string body)
    {
        using var response = await _client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static void AssertPose((double X, double Y, double Heading) expected, Pose actual)
    {
        Assert.Equal(expected.X, actual.X, 6);
        Assert.Equal(expected.Y, actual.Y, 6);
        Assert.Equal(Math.IEEERemainder(expected.Heading, 2 * Math.PI), actual.Heading, 6);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }
}
