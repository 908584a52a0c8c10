using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Apis;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Recording;

/// <summary>The recordings API over the real recorder: what a drive leaves behind, and what bad requests get.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class RecordingsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> BadQueries => new()
    {
        { "robot=Li%01nus", "robot" },
        { $"robot={new string('r', 257)}", "robot" },
        { "from=yesterday", "from" },
        { "from=2026-13-01T00:00:00Z", "from" },
        { "to=soon", "to" },
        { "from=2026-02-01T00:00:00Z&to=2026-01-31T00:00:00Z", "to" },
        { "limit=0", "limit" },
        { "limit=1001", "limit" },
        { "limit=ten", "limit" },
        { "limit=99999999999", "limit" },
    };

    public static TheoryData<string> BadIds => ["abc", "0", "-1", "1.5", "99999999999999999999", "1e3", " 1"];

    [Theory]
    [InlineData("/recordings")]
    [InlineData("/recordings/1")]
    [InlineData("/recordings/1.mcap")]
    public async Task Recordings_WithoutKey_Return401(string path)
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task List_WithABadParameter_Returns400NamingIt(string query, string field)
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.GetAsync($"/recordings?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.Equal(field, Assert.Single(problem!.Errors!).Key);
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Get_WithAnIdThatIsNoSessionId_Returns400NamingId(string id)
    {
        using var client = api.CreateAuthorizedClient();

        foreach (var path in new[] { $"/recordings/{Uri.EscapeDataString(id)}", $"/recordings/{Uri.EscapeDataString(id)}.mcap" })
        {
            using var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
            Assert.Equal(RecordingsApi.IdParameter, Assert.Single(problem!.Errors!).Key);
        }
    }

    [Fact]
    public async Task Get_AnUnknownSession_Returns404ProblemNamingId()
    {
        using var client = api.CreateAuthorizedClient();

        foreach (var path in new[] { "/recordings/987654321", "/recordings/987654321.mcap" })
        {
            using var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
            Assert.Equal(ProblemTypes.RecordingNotFound, problem!.Type);
            Assert.Equal(RecordingsApi.IdParameter, Assert.Single(problem.Errors!).Key);
        }
    }

    [Fact]
    public async Task Drive_IsRecorded_AsASessionOfItsDriver_WithItsStatesEventsAndTraceIds()
    {
        var driver = $"alice-{Guid.NewGuid():N}";
        var intruder = $"bob-{Guid.NewGuid():N}";
        using var client = api.CreateAuthorizedClient();
        var trace = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using (var drive = new HttpRequestMessage(HttpMethod.Post, "/robots/Torvalds/drive") { Content = JsonContent.Create(new { direction = "forward", leaseMs = 5000 }) })
        {
            drive.Headers.Add("traceparent", $"00-{trace}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await client.SendAsync(drive.As(driver));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var refused = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/robots/Torvalds/drive")
        {
            Content = JsonContent.Create(new { direction = "backward" }),
        }.As(intruder)))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        using (var stop = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/robots/Torvalds/drive")
        {
            Content = JsonContent.Create(new { direction = "stop" }),
        }.As(driver)))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        }

        var recording = await client.RecordedEventuallyAsync("torvalds", d => d.Session.Driver == driver && d.Events.Count() >= 3);

        var session = recording.Session;
        Assert.Equal(("Torvalds", driver), (session.Robot, session.Driver));
        Assert.Equal((2, 1, 1), (session.Commands, session.Refusals, session.Stops));
        Assert.True(session.Start <= session.End);
        Assert.Equal(recording.Entries.OrderBy(e => e.Time).Select(e => e.Time), recording.Entries.Select(e => e.Time));
        Assert.All(recording.Entries, e => Assert.InRange(e.Time, session.Start, session.End));

        var moving = recording.Entries.First(e => e.State is { Motion: "forward" });
        Assert.Equal(trace, moving.TraceId);
        var accepted = recording.Entries.First(e => e.Event is { Action: "drive", Outcome: "accepted" });
        Assert.Equal(trace, accepted.TraceId);
        Assert.Equal("forward", accepted.Event!.Parameters!["direction"]);
        Assert.Equal((driver, 1.0, 1.0, false, true), (moving.State!.Driver, moving.State.Left, moving.State.Right, moving.State.EmergencyStopLatched, moving.State.Connected));
        var refusal = Assert.Single(recording.Events, e => e.Event.Outcome != "accepted").Event;
        Assert.Equal((intruder, "in_use"), (refusal.User, refusal.Outcome));
        Assert.Contains(driver, refusal.Detail);
        Assert.Equal("stop", recording.States.Last().State.Motion);

        var listed = Assert.Single(await client.SessionsAsync(
            $"&robot=TORVALDS&from={Uri.EscapeDataString(session.Start.ToString("o"))}&to={Uri.EscapeDataString(session.End.ToString("o"))}"),
            s => s.Id == session.Id);
        Assert.Equal(session, listed);
        Assert.DoesNotContain(await client.SessionsAsync($"&from={Uri.EscapeDataString(session.End.AddTicks(10).ToString("o"))}"), s => s.Id == session.Id);
        Assert.DoesNotContain(await client.SessionsAsync("&robot=Linus"), s => s.Id == session.Id);
    }

    [Fact]
    public async Task Get_StreamsTheRecording_WithoutALengthKnownUpFront()
    {
        using var client = api.CreateAuthorizedClient();
        using (var drive = await client.PostAsJsonAsync("/robots/Linus/drive", new { direction = "left", leaseMs = 200 }))
        {
            Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        }

        var id = (await client.RecordedEventuallyAsync("Linus", d => d.Entries.Count > 0)).Session.Id;

        using var response = await client.GetAsync($"/recordings/{id}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
    }
}
