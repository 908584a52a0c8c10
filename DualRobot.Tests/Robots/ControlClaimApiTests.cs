using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Api.Apis;
using DualRobot.Api.Audit;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

/// <summary>Several users, one robot: claims on the api's command routes, take-over, the driver, and their records.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ControlClaimApiTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _api = new ApiFactory([], _time);
        _client = _api.CreateAuthorizedClient();
        return Task.CompletedTask;
    }

    public static TheoryData<string, string, string> OtherUsersCommands => new()
    {
        { "POST", "/robots/linus/drive", """{"direction":"backward","leaseMs":5000}""" },
        { "POST", "/robots/linus/velocity", """{"linear":0.5,"angular":0.2,"leaseMs":5000}""" },
        { "POST", "/robots/linus/heartbeat", """{"leaseMs":5000}""" },
        { "POST", "/robots/linus/eye", """{"state":"on"}""" },
        { "PUT", "/robots/linus/servos/0", """{"angle":45}""" },
    };

    [Theory]
    [MemberData(nameof(OtherUsersCommands))]
    public async Task AnotherUsersCommand_ToAClaimedRobot_Is409RobotInUse_NamingTheHolder_WithNoPinChange(string method, string path, string body)
    {
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);
        var before = _api.TotalPinChanges;

        using var response = await SendAsync("bob", method, path, body);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProblemTypes.RobotInUse, problem.GetProperty("type").GetString());
        Assert.Equal("alice", problem.GetProperty("holder").GetString());
        Assert.Contains("alice", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _api.TotalPinChanges);
        Assert.Equal(Direction.Forward, _api.Robot("Linus").GetState().Motion);
    }

    [Fact]
    public async Task StopAndEmergencyStop_AreNeverRefused_ForAClaim()
    {
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);

        await SendAsync("bob", "POST", "/robots/linus/drive", """{"direction":"stop"}""", HttpStatusCode.OK);
        Assert.Equal(Direction.Stop, _api.Robot("Linus").GetState().Motion);
        await SendAsync("bob", "POST", "/estop", null, HttpStatusCode.OK);
        Assert.True(_api.Fleet.EmergencyStop.Latched);
    }

    [Fact]
    public async Task TheState_NamesWhoseStopStoppedTheRobot_UntilItMovesAgain()
    {
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);
        Assert.Null(_api.Robot("Linus").GetState().StoppedBy);

        using var stopped = await SendAsync("bob", "POST", "/robots/linus/drive", """{"direction":"stop"}""", HttpStatusCode.OK);
        Assert.Equal("bob", (await stopped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stoppedBy").GetString());

        // A stop of a robot at rest stopped nothing: the name stays bob's.
        await SendAsync("carol", "POST", "/robots/linus/drive", """{"direction":"stop"}""", HttpStatusCode.OK);
        Assert.Equal("bob", _api.Robot("Linus").GetState().StoppedBy);

        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);
        Assert.Null(_api.Robot("Linus").GetState().StoppedBy);

        // The emergency stop is nobody's stop of this robot: no name.
        await SendAsync("bob", "POST", "/estop", null, HttpStatusCode.OK);
        Assert.Equal(Direction.Stop, _api.Robot("Linus").GetState().Motion);
        Assert.Null(_api.Robot("Linus").GetState().StoppedBy);
    }

    [Fact]
    public async Task Claim_LapsesClaimIdleSecondsAfterTheHoldersLastCommand()
    {
        await SendAsync("alice", "POST", "/robots/linus/eye", """{"state":"on"}""", HttpStatusCode.OK);
        _time.Advance(TimeSpan.FromSeconds(9));
        await SendAsync("bob", "POST", "/robots/linus/eye", """{"state":"off"}""", HttpStatusCode.Conflict);
        await SendAsync("alice", "POST", "/robots/linus/eye", """{"state":"blink"}""", HttpStatusCode.OK);
        _time.Advance(TimeSpan.FromSeconds(10));

        await SendAsync("bob", "POST", "/robots/linus/eye", """{"state":"off"}""", HttpStatusCode.OK);

        var state = _api.Robot("Linus").GetState();
        Assert.Equal("bob", state.Driver);
        Assert.Equal(_time.GetUtcNow(), state.DriverSince);
    }

    [Fact]
    public async Task TheState_NamesTheDriver_AndSinceWhen()
    {
        var start = _time.GetUtcNow();
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);
        _time.Advance(TimeSpan.FromSeconds(2));
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"left","leaseMs":5000}""", HttpStatusCode.OK);

        var state = await _client.GetFromJsonAsync<JsonElement>("/robots/linus");

        Assert.Equal("alice", state.GetProperty("driver").GetString());
        Assert.Equal(start, state.GetProperty("driverSince").GetDateTimeOffset());
    }

    [Fact]
    public async Task Operator_TakesControlOnlyOfAnIdleClaim_StoppingTheRobot()
    {
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);

        using var refused = await SendAsync("bob", "POST", "/robots/linus/take-control", null, HttpStatusCode.Conflict, OperatorRoles.Operator);
        Assert.Equal("alice", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holder").GetString());
        Assert.Equal(Direction.Forward, _api.Robot("Linus").GetState().Motion);

        _time.Advance(TimeSpan.FromSeconds(1));
        using var taken = await SendAsync("bob", "POST", "/robots/linus/take-control", null, HttpStatusCode.OK, OperatorRoles.Operator);

        var state = _api.Robot("Linus").GetState();
        Assert.Equal(Direction.Stop, state.Motion);
        Assert.Equal("bob", state.Driver);
        Assert.Equal("bob", (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("driver").GetString());
        using var aliceRefused = await SendAsync("alice", "POST", "/robots/linus/heartbeat", "{}", HttpStatusCode.Conflict);
        Assert.Equal("bob", (await aliceRefused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holder").GetString());
    }

    [Fact]
    public async Task Supervisor_TakesControlAtOnce_EvenWhileTheHolderDrives()
    {
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","leaseMs":5000}""", HttpStatusCode.OK);

        await SendAsync("sue", "POST", "/robots/linus/take-control", null, HttpStatusCode.OK, OperatorRoles.Supervisor);

        Assert.Equal(Direction.Stop, _api.Robot("Linus").GetState().Motion);
        Assert.Equal("sue", _api.Robot("Linus").GetState().Driver);
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward"}""", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ReleaseControl_FreesTheRobotAtOnce()
    {
        await SendAsync("alice", "POST", "/robots/linus/eye", """{"state":"on"}""", HttpStatusCode.OK);

        using var released = await SendAsync("alice", "POST", "/robots/linus/release-control", null, HttpStatusCode.OK);

        Assert.True((await released.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("released").GetBoolean());
        await SendAsync("bob", "POST", "/robots/linus/eye", """{"state":"off"}""", HttpStatusCode.OK);
    }

    [Fact]
    public async Task Actuations_Refusals_AndTakeOvers_AreAudited()
    {
        await SendAsync("alice", "POST", "/robots/linus/drive", """{"direction":"forward","speed":0.5,"leaseMs":5000}""", HttpStatusCode.OK);
        await SendAsync("bob", "PUT", "/robots/linus/servos/1", """{"angle":30}""", HttpStatusCode.Conflict);
        await SendAsync("sue", "POST", "/robots/linus/take-control", null, HttpStatusCode.OK, OperatorRoles.Supervisor);
        await SendAsync("vera", "POST", "/robots/linus/eye", """{"state":"on"}""", HttpStatusCode.Forbidden, OperatorRoles.Viewer);

        var records = await _client.AuditEventuallyAsync(5, "&robot=LINUS");

        Assert.Equal(
            [("vera", "eye", "forbidden"), ("sue", RobotActions.TakeControl, "accepted"), ("sue", "stop", "accepted"), ("bob", "servo", "in_use"), ("alice", "drive", "accepted")],
            records.Take(5).Select(r => (r.User, r.Action, r.Outcome)));
        var drive = records[4];
        Assert.Equal(new Dictionary<string, string> { ["direction"] = "forward", ["speed"] = "0.5", ["leaseMs"] = "5000" }, drive.Parameters);
        Assert.Equal("Linus", drive.Robot);
        Assert.Equal(_time.GetUtcNow(), drive.Time);
        Assert.Contains("alice", records[3].Detail, StringComparison.Ordinal);
        Assert.Equal("alice", records[1].Parameters!["from"]);
    }

    [Fact]
    public async Task ConcurrentCommands_GiveOneRecordEach()
    {
        const int users = 20;
        var answers = await Task.WhenAll(Enumerable.Range(0, users).Select(async i =>
        {
            using var response = await SendAsync($"user{i}", "POST", "/robots/torvalds/eye", """{"state":"on"}""");
            return response.StatusCode;
        }));

        // One user got the robot; everyone else was told it is in use. Every command is one record.
        Assert.Single(answers, status => status == HttpStatusCode.OK);
        Assert.Equal(users - 1, answers.Count(status => status == HttpStatusCode.Conflict));
        var records = await _client.AuditEventuallyAsync(users, "&robot=Torvalds");
        Assert.Equal(users, records.Count);
        Assert.Single(records, r => r.Outcome == "accepted");
        Assert.Equal(users, records.Select(r => r.User).Distinct().Count());
    }

    private Task<HttpResponseMessage> SendAsync(
        string user, string method, string path, string? body, HttpStatusCode? expected = null, string? role = null) =>
        _client.SendAsAsync(user, method, path, body, expected, role);

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }
}
