using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// A group's commands through the console's <c>/control/groups/{group}/…</c> relay: signed-in operators only, the
/// api's answer and problems unchanged, the signed-in user in the api's one group record.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class GroupRelayTests(ConsoleWithApi console) : IClassFixture<ConsoleWithApi>
{
    [Fact]
    public async Task AnOperator_DrivesTheGroup_Heartbeats_AndStopsIt_AsTheSignedInUser()
    {
        using var otto = await console.SignedInAsync(OperatorRoles.Operator);

        using var moved = await otto.PostAsJsonAsync("/control/groups/all/velocity", new { mode = "mirror", linear = 0.5, angular = 0.2, leaseMs = 2000 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var group = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("mirror", group.GetProperty("mode").GetString());
        Assert.NotEqual(Direction.Stop, console.Api.Robot("Torvalds").GetState().Motion);

        using var renewed = await otto.PostAsJsonAsync("/control/groups/all/heartbeat", new { leaseMs = 2000 });
        using var stopped = await otto.PostAsJsonAsync("/control/groups/all/drive", new { direction = "stop" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (renewed.StatusCode, stopped.StatusCode));
        Assert.Equal(Direction.Stop, console.Api.Robot("Linus").GetState().Motion);
        Assert.Equal(Direction.Stop, console.Api.Robot("Torvalds").GetState().Motion);
        using var api = console.Api.CreateAuthorizedClient();
        List<AuditRecordDto> records = [];
        await Eventually.True(async () => (records = await api.AuditAsync($"&user={ConsoleWithApi.Users[OperatorRoles.Operator]}"))
            .Any(r => r.Action == RobotActions.GroupStop), "the group's stop is in the audit trail");
        Assert.Contains(records, r => r.Action == RobotActions.GroupVelocity && r.Parameters!["mode"] == "mirror");
    }

    [Fact]
    public async Task AViewer_IsRefusedByTheConsole_AndNothingMoves()
    {
        using var vera = await console.SignedInAsync(OperatorRoles.Viewer);

        using var refused = await vera.PostAsJsonAsync("/control/groups/all/drive", new { direction = "forward" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(Direction.Stop, console.Api.Robot("Linus").GetState().Motion);
    }

    [Theory]
    [InlineData("/control/groups/nobody/drive", """{"direction":"forward"}""", HttpStatusCode.NotFound, "group-not-found")]
    [InlineData("/control/groups/all/velocity", """{"mode":"sideways","linear":0.5,"angular":0}""", HttpStatusCode.BadRequest, "validation")]
    public async Task TheApisProblem_ComesBackUnchanged(string path, string body, HttpStatusCode status, string kind)
    {
        using var otto = await console.SignedInAsync(OperatorRoles.Operator);

        using var response = await otto.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(ProblemTypes.Base + kind, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }
}
