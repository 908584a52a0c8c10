using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Groups;

/// <summary>Group commands through the api on the simulated robots and a fake clock: routes, bodies, refusals, lease, audit.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class GroupsApiTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero));
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    private long _pinChangesAtStart;

    public async Task InitializeAsync()
    {
        _api = new ApiFactory(GroupSettings.BothWithSpeedControl(), _time);
        _client = _api.CreateAuthorizedClient();
        await RobotReady.WaitAsync(_client, "linus");
        await RobotReady.WaitAsync(_client, "torvalds");
        _pinChangesAtStart = _api.TotalPinChanges;
    }

    [Fact]
    public async Task ListGroups_ServesAllOfEveryRobot_AndTheConfiguredGroupInItsOrder()
    {
        var groups = await _client.GetFromJsonAsync<JsonElement>("/groups");

        var byName = groups.EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal(new[] { "Linus", "Torvalds" }, byName["all"]);
        Assert.Equal(new[] { "Torvalds", "Linus" }, byName["convoy"]);
    }

    [Theory]
    [InlineData("/groups/nobody/velocity", """{"linear":0.5,"angular":0}""")]
    [InlineData("/groups/nobody/drive", """{"direction":"forward"}""")]
    [InlineData("/groups/nobody/heartbeat", """{}""")]
    [InlineData("/groups/nobody/velocity", """{"linear":"fast"}""")]
    public async Task UnknownGroup_Is404GroupNotFound_EvenWithABadBody(string path, string body)
    {
        using var response = await _client.PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemTypes.GroupNotFound, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(_pinChangesAtStart, _api.TotalPinChanges);
    }

    [Theory]
    [InlineData("/groups/all/velocity", """{"mode":"sideways","linear":0.5,"angular":0}""", "mode")]
    [InlineData("/groups/all/velocity", """{"mode":"mirror","linear":2,"angular":0}""", "linear")]
    [InlineData("/groups/all/velocity", """{"mode":"mirror","linear":0.5}""", "angular")]
    [InlineData("/groups/all/velocity", """{"linear":0.5,"angular":0,"left":1}""", "body")]
    [InlineData("/groups/all/velocity", """{"linear":0.5,"angular":0,"leaseMs":60000}""", "leaseMs")]
    [InlineData("/groups/all/velocity", """{"linear":0.5,"angular":0,"offsetMeters":0.5}""", "offsetMeters")]
    [InlineData("/groups/all/velocity", """{"mode":"follow","linear":0.5,"angular":0,"offsetMeters":9}""", "offsetMeters")]
    [InlineData("/groups/all/velocity", """{"linear":0.5,"angular":0,"extra":1}""", "extra")]
    [InlineData("/groups/all/drive", """{"direction":"velocity"}""", "direction")]
    [InlineData("/groups/all/drive", """{"mode":"together"}""", "direction")]
    [InlineData("/groups/all/drive", """{"direction":"forward","speed":1.5}""", "speed")]
    [InlineData("/groups/all/heartbeat", """{"leaseMs":"long"}""", "leaseMs")]
    public async Task BadInput_Is400NamingTheField_WithNoPinChangeOnAnyMember(string path, string body, string field)
    {
        using var response = await _client.PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemTypes.Validation, problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(_pinChangesAtStart, _api.TotalPinChanges);
    }

    [Fact]
    public async Task MemberClaimedByAnotherUser_RefusesTheWholeGroup_NamingTheMemberAndHolder_AndClaimsNoOtherMember()
    {
        await _client.SendAsAsync("bob", "POST", "/robots/torvalds/velocity", """{"linear":0,"angular":0}""", HttpStatusCode.OK);
        var before = _api.TotalPinChanges;

        using var refused = await _client.SendAsAsync("alice", "POST", "/groups/all/velocity", """{"linear":0.5,"angular":0}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemTypes.RobotInUse, problem.GetProperty("type").GetString());
        Assert.Equal(("all", "Torvalds", "bob"), (problem.GetProperty("group").GetString(), problem.GetProperty("member").GetString(), problem.GetProperty("holder").GetString()));
        Assert.Contains("Torvalds", problem.GetProperty("detail").GetString());
        Assert.Equal(before, _api.TotalPinChanges);
        Assert.Equal(Direction.Stop, _api.Robot("Linus").GetState().Motion);

        // Alice's refused command took no claim on Linus: carol drives it at once.
        await _client.SendAsAsync("carol", "POST", "/robots/linus/velocity", """{"linear":0,"angular":0}""", HttpStatusCode.OK);
    }

    [Fact]
    public async Task EmergencyStopLatched_RefusesTheGroup_AndAGroupStopStillGoesThrough()
    {
        await _client.PostAsync("/estop", null);

        using var refused = await _client.PostAsync("/groups/all/drive", Json("""{"direction":"forward"}"""));
        using var stop = await _client.PostAsync("/groups/all/drive", Json("""{"direction":"stop"}"""));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ProblemTypes.EmergencyStopLatched, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    [Fact]
    public async Task GroupCommand_IsOneAuditRecord_NamingTheGroupModeAndMembers()
    {
        await _client.SendAsAsync("alice", "POST", "/groups/all/velocity", """{"mode":"mirror","linear":0.5,"angular":0.2,"leaseMs":1000}""", HttpStatusCode.OK);
        await _client.SendAsAsync("alice", "POST", "/groups/all/drive", """{"direction":"stop"}""", HttpStatusCode.OK);

        var records = await _client.AuditEventuallyAsync(2, "&user=alice");

        var velocity = Assert.Single(records, r => r.Action == RobotActions.GroupVelocity);
        Assert.Null(velocity.Robot);
        Assert.Equal(("all", "Linus,Torvalds", "mirror", "accepted"), (velocity.Parameters!["group"], velocity.Parameters["members"], velocity.Parameters["mode"], velocity.Outcome));
        Assert.Single(records, r => r.Action == RobotActions.GroupStop);
        Assert.DoesNotContain(records, r => r.Robot is not null);
    }

    [Theory]
    [InlineData("together")]
    [InlineData("mirror")]
    [InlineData("follow")]
    public async Task LeaseEnds_WithNoHeartbeat_EveryMemberIsStopped(string mode)
    {
        using var moved = await _client.PostAsync("/groups/all/velocity", Json($$"""{"mode":"{{mode}}","linear":0.5,"angular":0.1,"leaseMs":500}"""));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.NotEqual(Direction.Stop, _api.Robot("Linus").GetState().Motion);

        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(510));

        await Eventually.True(() => _api.Robot("Linus").GetState().Motion == Direction.Stop && _api.Robot("Torvalds").GetState().Motion == Direction.Stop,
            "both members stopped once the group's lease ended");
        var group = await _client.GetFromJsonAsync<JsonElement>("/groups/all");
        Assert.Equal(JsonValueKind.Null, group.GetProperty("mode").ValueKind);
    }

    [Fact]
    public async Task Heartbeat_RenewsTheGroupsLease_OnEveryMember()
    {
        using var moved = await _client.PostAsync("/groups/all/velocity", Json("""{"mode":"mirror","linear":0.5,"angular":0,"leaseMs":500}"""));
        for (var beat = 0; beat < 4; beat++)
        {
            _time.AdvanceInSteps(TimeSpan.FromMilliseconds(300));
            using var renewed = await _client.PostAsync("/groups/all/heartbeat", Json("""{"leaseMs":500}"""));
            Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        }

        // 1.2 s on leases of 0.5 s: still moving, both.
        Assert.NotEqual(Direction.Stop, _api.Robot("Linus").GetState().Motion);
        Assert.NotEqual(Direction.Stop, _api.Robot("Torvalds").GetState().Motion);
        Assert.Equal("mirror", (await _client.GetFromJsonAsync<JsonElement>("/groups/all")).GetProperty("mode").GetString());
    }

    [Fact]
    public async Task OneMemberStoppedOnItsOwn_TheGroupsNextHeartbeatStopsEveryMember_AndSaysWho()
    {
        await _client.PostAsync("/groups/all/velocity", Json("""{"linear":0.5,"angular":0,"leaseMs":1000}"""));
        await _client.PostAsync("/robots/torvalds/drive", Json("""{"direction":"stop"}"""));

        using var renewal = await _client.PostAsync("/groups/all/heartbeat", Json("""{"leaseMs":1000}"""));

        Assert.Equal(HttpStatusCode.Conflict, renewal.StatusCode);
        var problem = await renewal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((ProblemTypes.Superseded, "Torvalds"), (problem.GetProperty("type").GetString(), problem.GetProperty("member").GetString()));
        Assert.Equal(Direction.Stop, _api.Robot("Linus").GetState().Motion);
    }

    [Fact]
    public async Task MirrorOrFollow_OnAOneRobotGroup_Is400NamingTheMode()
    {
        await using var api = new ApiFactory(new Dictionary<string, string?> { ["Groups:solo:Members:0"] = "Linus" }, _time);
        using var client = api.CreateAuthorizedClient();

        using var response = await client.PostAsync("/groups/solo/velocity", Json("""{"mode":"mirror","linear":0.5,"angular":0}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("mode", out _));
    }


    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }
}
