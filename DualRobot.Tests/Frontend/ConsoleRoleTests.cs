using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Audit;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Frontend;

/// <summary>Every console route, per role, enforced by the console itself; and who the api hears acting.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConsoleRoleTests(ConsoleWithApi console) : IClassFixture<ConsoleWithApi>
{
    private const string Anonymous = "anonymous";

    /// <summary>The script's endpoints: the lowest role that may call each.</summary>
    public static TheoryData<string, string, string> ScriptRoutes()
    {
        var routes = new (string Path, string Body, string Needs)[]
        {
            ("/control/Torvalds/drive", """{"direction":"stop"}""", OperatorRoles.Operator),
            ("/control/Torvalds/heartbeat", "{}", OperatorRoles.Operator),
            ("/control/Torvalds/eye", """{"state":"off"}""", OperatorRoles.Operator),
            ("/control/Linus/servos/0", """{"angle":0}""", OperatorRoles.Operator),
            ("/control/Torvalds/take-control", "{}", OperatorRoles.Operator),
            ("/control/estop/release", "{}", OperatorRoles.Supervisor),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var role in new[] { Anonymous, OperatorRoles.Viewer, OperatorRoles.Operator, OperatorRoles.Supervisor })
        {
            foreach (var (path, body, needs) in routes)
            {
                data.Add(role, path, body + "|" + needs);
            }
        }

        return data;
    }

    /// <summary>The no-script form handlers of the console page: the lowest role that may post each.</summary>
    public static TheoryData<string, string, string> FormHandlers()
    {
        var handlers = new (string Handler, string Fields, string Needs)[]
        {
            ("Stop", "robot=Torvalds", OperatorRoles.Operator),
            ("Nudge", "robot=Torvalds&direction=stop", OperatorRoles.Operator),
            ("Eye", "robot=Torvalds&eye=off", OperatorRoles.Operator),
            ("Servos", "robot=Linus&angles=0&angles=0", OperatorRoles.Operator),
            ("TakeControl", "robot=Torvalds", OperatorRoles.Operator),
            ("Release", "", OperatorRoles.Supervisor),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var role in new[] { Anonymous, OperatorRoles.Viewer, OperatorRoles.Operator, OperatorRoles.Supervisor })
        {
            foreach (var (handler, fields, needs) in handlers)
            {
                data.Add(role, handler, fields + "|" + needs);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScriptRoutes))]
    public async Task ScriptRoute_IsRefusedBelowItsRole_AndReachesTheApiFromIt(string role, string path, string bodyAndNeeds)
    {
        var (body, needs) = (bodyAndNeeds.Split('|')[0], bodyAndNeeds.Split('|')[1]);
        using var client = await ClientAsync(role);
        var before = console.Api.TotalPinChanges;

        using var response = await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        if (role == Anonymous)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        else if (!Allows(role, needs))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(before, console.Api.TotalPinChanges);
        }
        else
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(FormHandlers))]
    public async Task FormHandler_IsRefusedBelowItsRole(string role, string handler, string fieldsAndNeeds)
    {
        var (fields, needs) = (fieldsAndNeeds.Split('|')[0], fieldsAndNeeds.Split('|')[1]);
        using var client = await ClientAsync(role);
        var token = await ConsoleWithApi.FormTokenAsync(client);
        var before = console.Api.TotalPinChanges;
        var form = fields.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('='))
            .Select(pair => new KeyValuePair<string, string>(pair[0], pair[1]))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));

        using var response = await client.PostAsync($"/?handler={handler}", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        if (role == Anonymous || !Allows(role, needs))
        {
            Assert.StartsWith("/Account/SignIn", location.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(before, console.Api.TotalPinChanges);
        }
        else
        {
            Assert.Equal("/", location);
        }
    }

    [Theory]
    [InlineData(Anonymous, HttpStatusCode.Unauthorized)]
    [InlineData(OperatorRoles.Viewer, HttpStatusCode.OK)]
    [InlineData(OperatorRoles.Operator, HttpStatusCode.OK)]
    [InlineData(OperatorRoles.Supervisor, HttpStatusCode.OK)]
    public async Task Activity_IsForSignedInUsers(string role, HttpStatusCode expected)
    {
        using var client = await ClientAsync(role);

        using var response = await client.GetAsync("/activity");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task EmergencyStop_IsForOperators_AndRecordedUnderTheSignedInUser_NotAForgedHeader()
    {
        using (var viewer = await ClientAsync(OperatorRoles.Viewer))
        {
            using var refused = await viewer.PostAsync("/control/estop", JsonContent.Create(new { }));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var client = await ClientAsync(OperatorRoles.Operator);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/control/estop") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("X-DualRobot-User", "mallory");
        request.Headers.Add("X-DualRobot-Role", OperatorRoles.Supervisor);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var api = console.Api.CreateAuthorizedClient();
        var operatorName = ConsoleWithApi.Users[OperatorRoles.Operator];
        await Eventually.True(async () => (await api.AuditAsync($"&user={operatorName}")).Any(r => r.Action == RobotActions.EmergencyStop),
            "the e-stop is recorded under the signed-in operator");
        Assert.Empty(await api.AuditAsync("&user=mallory"));

        // A forged role does not lift an operator to supervisor either.
        using var release = new HttpRequestMessage(HttpMethod.Post, "/control/estop/release") { Content = JsonContent.Create(new { }) };
        release.Headers.Add("X-DualRobot-Role", OperatorRoles.Supervisor);
        using var releaseResponse = await client.SendAsync(release);
        Assert.Equal(HttpStatusCode.Forbidden, releaseResponse.StatusCode);

        using var supervisor = await ClientAsync(OperatorRoles.Supervisor);
        using var released = await supervisor.PostAsync("/control/estop/release", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
    }

    [Fact]
    public async Task SignInAndSignOut_AreInTheAuditTrail()
    {
        using var client = await ClientAsync(OperatorRoles.Viewer);
        var token = await ConsoleWithApi.FormTokenAsync(client);
        using var signOut = await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent(
            [new KeyValuePair<string, string>("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var api = console.Api.CreateAuthorizedClient();
        var viewerName = ConsoleWithApi.Users[OperatorRoles.Viewer];
        await Eventually.True(async () => (await api.AuditAsync($"&user={viewerName}")).FirstOrDefault()?.Action == RobotActions.SignOut,
            "the sign-out is the viewer's latest record");
        Assert.Contains(await api.AuditAsync($"&user={viewerName}"), r => r.Action == RobotActions.SignIn);
    }

    [Fact]
    public async Task PlainPasswordOperator_KeepsWorking_ReleaseIncluded()
    {
        using var client = await console.SignedInAsync("plain");

        using var drive = await client.PostAsync("/control/Torvalds/drive", JsonContent.Create(new { direction = "stop" }));
        using var release = await client.PostAsync("/control/estop/release", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
    }

    private Task<HttpClient> ClientAsync(string role) =>
        role == Anonymous ? Task.FromResult(console.Anonymous()) : console.SignedInAsync(role);

    private static bool Allows(string role, string needs) =>
        Array.IndexOf(OperatorRoles.All, role) >= Array.IndexOf(OperatorRoles.All, needs);
}
