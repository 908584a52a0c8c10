using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Audit;
using DualRobot.Tests.Recording;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// Issue 30, point 2, through the console: every signed-in role reads the sessions, a session and its MCAP file as
/// the api has them (the console adds its key); a visitor is sent to sign in; the api's problems for a bad id, an
/// unknown session and a bad range reach the browser as the api wrote them.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class RecordingsRelayTests(ConsoleWithApi console) : IClassFixture<ConsoleWithApi>
{
    [Theory]
    [InlineData("/recordings")]
    [InlineData("/recordings/1")]
    [InlineData("/recordings/1.mcap")]
    [InlineData("/Replay")]
    public async Task AVisitor_IsSentToSignIn_AndReadsNothing(string path)
    {
        using var client = console.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/SignIn", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(OperatorRoles.Viewer)]
    [InlineData(OperatorRoles.Operator)]
    [InlineData(OperatorRoles.Supervisor)]
    public async Task EverySignedInRole_ReadsTheSessions_TheRecording_AndItsMcap_AsTheApiHasThem(string role)
    {
        using var api = console.Api.CreateAuthorizedClient();
        var recorded = await RecordedSessionAsync(api);
        using var client = await console.SignedInAsync(role);

        var sessions = await client.SessionsAsync("&robot=linus");
        Assert.Equal(await api.SessionsAsync("&robot=linus"), sessions);
        using var recording = await client.GetAsync($"/recordings/{recorded.Session.Id}", HttpCompletionOption.ResponseHeadersRead);
        using var fromApi = await api.GetAsync($"/recordings/{recorded.Session.Id}");
        Assert.Equal(HttpStatusCode.OK, recording.StatusCode);
        Assert.Equal(fromApi.Content.Headers.ContentType, recording.Content.Headers.ContentType);
        Assert.Equal("no-store", recording.Headers.CacheControl?.ToString());
        Assert.Null(recording.Content.Headers.ContentLength); // passed on as it comes: no length, as no whole copy was made first
        Assert.Equal(await fromApi.Content.ReadAsStringAsync(), await recording.Content.ReadAsStringAsync());

        using var mcap = await client.GetAsync($"/recordings/{recorded.Session.Id}.mcap");
        using var mcapFromApi = await api.GetAsync($"/recordings/{recorded.Session.Id}.mcap");
        Assert.Equal(HttpStatusCode.OK, mcap.StatusCode);
        Assert.Equal(mcapFromApi.Content.Headers.ContentType, mcap.Content.Headers.ContentType);
        Assert.Equal(mcapFromApi.Content.Headers.ContentDisposition?.FileNameStar, mcap.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(await mcapFromApi.Content.ReadAsByteArrayAsync(), await mcap.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/recordings/abc", HttpStatusCode.BadRequest, "id")]
    [InlineData("/recordings/999999", HttpStatusCode.NotFound, "id")]
    [InlineData("/recordings/0.mcap", HttpStatusCode.BadRequest, "id")]
    [InlineData("/recordings?from=yesterday", HttpStatusCode.BadRequest, "from")]
    [InlineData("/recordings?robot=linus&limit=0", HttpStatusCode.BadRequest, "limit")]
    public async Task BadIdsAndRanges_GetTheApisProblemDetails_NamingTheField(string path, HttpStatusCode expected, string field)
    {
        using var client = await console.SignedInAsync(OperatorRoles.Viewer);

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    /// <summary>Otto drives Linus a little and stops: one recorded session, stored to its stop.</summary>
    private async Task<RecordingDocumentDto> RecordedSessionAsync(HttpClient api)
    {
        var robot = console.Api.Robot("Linus");
        (await api.SendAsAsync("otto", "POST", "/robots/Linus/velocity", """{"linear":0.3,"angular":0,"leaseMs":5000}""", HttpStatusCode.OK)).Dispose();
        await Eventually.True(() => Math.Abs(robot.GetState().Pose.X) > 0.01, "Linus to move");
        (await api.SendAsAsync("otto", "POST", "/robots/Linus/drive", """{"direction":"stop"}""", HttpStatusCode.OK)).Dispose();
        var last = robot.GetState().Version;
        return await api.RecordedEventuallyAsync("Linus", d => d.States.Any(s => s.State.Version == last));
    }
}
