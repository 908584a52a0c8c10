using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DualRobot.Frontend.Apis;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Audit;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console's command socket (<c>/control/socket</c>), which the page uses for drive, velocity and heartbeat: the
/// same commands, roles and answers as <c>/control</c>, for the operator's own page only. A real WebSocket client
/// against the console on loopback, the api (simulated robots) in memory behind it.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class CommandSocketTests(ConsoleWithApiOverHttp console) : IClassFixture<ConsoleWithApiOverHttp>
{
    [Fact]
    public async Task Drive_ReachesTheRobot_AndIsAnsweredWithTheApisStatusAndBody()
    {
        using var socket = await ConnectAsync(await SignInAsync(OperatorRoles.Operator));

        var moved = await SendAsync(socket, """{"id":7,"command":"drive","robot":"Torvalds","body":{"direction":"forward","leaseMs":500}}""");
        var stopped = await SendAsync(socket, """{"id":8,"command":"drive","robot":"Torvalds","body":{"direction":"stop"}}""");

        Assert.Equal(7, moved.GetProperty("id").GetInt64());
        Assert.Equal(200, moved.GetProperty("status").GetInt32());
        Assert.Equal("forward", moved.GetProperty("body").GetProperty("motion").GetString());
        Assert.Equal(8, stopped.GetProperty("id").GetInt64());
        Assert.Equal("stop", stopped.GetProperty("body").GetProperty("motion").GetString());
        Assert.Equal(Direction.Stop, console.Api.Robot("Torvalds").GetState().Motion);
    }

    [Fact]
    public async Task VelocityAndHeartbeat_AreCarriedToo()
    {
        using var socket = await ConnectAsync(await SignInAsync(OperatorRoles.Operator));
        try
        {
            var velocity = await SendAsync(socket, """{"id":1,"command":"velocity","robot":"Torvalds","body":{"linear":0.5,"angular":0.2,"leaseMs":500}}""");
            var heartbeat = await SendAsync(socket, """{"id":2,"command":"heartbeat","robot":"Torvalds","body":{"leaseMs":500}}""");

            Assert.Equal(200, velocity.GetProperty("status").GetInt32());
            Assert.Equal("velocity", velocity.GetProperty("body").GetProperty("motion").GetString());
            Assert.Equal(200, heartbeat.GetProperty("status").GetInt32());
        }
        finally
        {
            await SendAsync(socket, """{"id":3,"command":"drive","robot":"Torvalds","body":{"direction":"stop"}}""");
        }
    }

    [Fact]
    public async Task EmergencyStop_IsCarriedToo_AndLatchesForEveryRobot()
    {
        using var socket = await ConnectAsync(await SignInAsync(OperatorRoles.Operator));
        try
        {
            var answer = await SendAsync(socket, """{"id":4,"command":"estop"}""");

            Assert.Equal(4, answer.GetProperty("id").GetInt64());
            Assert.Equal(200, answer.GetProperty("status").GetInt32());
            Assert.True(console.Api.Robot("Linus").GetState().EmergencyStopLatched);
            Assert.True(console.Api.Robot("Torvalds").GetState().EmergencyStopLatched);
        }
        finally
        {
            using var api = console.Api.CreateAuthorizedClient();
            (await api.SendAsAsync(ConsoleWithApi.Users[OperatorRoles.Supervisor], "POST", "/estop/release", null, HttpStatusCode.OK, OperatorRoles.Supervisor)).Dispose();
        }
    }

    [Theory]
    [InlineData("""{"id":1,"command":"drive","robot":"Torvalds","body":{"direction":"forward","speed":"fast"}}""", "speed")]
    [InlineData("""{"id":1,"command":"drive","robot":"Torvalds","body":{"direction":"forward","turbo":true}}""", "turbo")]
    [InlineData("""{"id":1,"command":"drive","robot":"Torvalds","body":{"direction":"sideways"}}""", "direction")]
    [InlineData("""{"id":1,"command":"velocity","robot":"Torvalds","body":{"linear":1e309}}""", "linear")]
    [InlineData("""{"id":1,"command":"fly","robot":"Torvalds","body":{}}""", "command")]
    [InlineData("""{"id":1,"command":"drive","body":{"direction":"forward"}}""", "robot")]
    [InlineData("""{"id":1,"command":"drive","robot":"Torvalds"}""", "body")]
    [InlineData("""{"id":1,"command":"drive","robot":"Torvalds","extra":1}""", "extra")]
    [InlineData("""{"id":1,"command":"drive",""", "body")]
    [InlineData("""{"id":1,"command":"estop","robot":"Torvalds"}""", "robot")]
    [InlineData("""{"id":1,"command":"estop","body":{}}""", "body")]
    public async Task BadInput_IsAnswered400NamingTheField_AndNoPinChanges(string message, string field)
    {
        using var socket = await ConnectAsync(await SignInAsync(OperatorRoles.Operator));
        var before = console.Api.TotalPinChanges;

        var answer = await SendAsync(socket, message);

        Assert.Equal(400, answer.GetProperty("status").GetInt32());
        Assert.True(answer.GetProperty("body").GetProperty("errors").TryGetProperty(field, out _), $"names {field}: {answer}");
        Assert.Equal(before, console.Api.TotalPinChanges);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task AMessageOverTheLimit_ClosesTheSocket_AndNothingMoves()
    {
        using var socket = await ConnectAsync(await SignInAsync(OperatorRoles.Operator));
        var before = console.Api.TotalPinChanges;
        var padding = new string(' ', CommandSocket.MaxMessageBytes);

        await socket.SendAsync(Encoding.UTF8.GetBytes($$$"""{"id":1,"command":"drive","robot":"Torvalds",{{{padding}}}"body":{"direction":"forward"}}"""),
            WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var closing = await socket.ReceiveAsync(new byte[256], CancellationToken.None);

        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
        Assert.Equal(before, console.Api.TotalPinChanges);
    }

    [Fact]
    public async Task WithoutSignIn_TheHandshakeIsRefused401()
    {
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(new CookieContainer()));

        Assert.Contains("401", refused.Message);
    }

    [Fact]
    public async Task AViewer_IsRefused403()
    {
        var refused = await Assert.ThrowsAsync<WebSocketException>(async () => await ConnectAsync(await SignInAsync(OperatorRoles.Viewer)));

        Assert.Contains("403", refused.Message);
    }

    [Fact]
    public async Task FromAnotherOrigin_TheHandshakeIsRefused403()
    {
        var cookies = await SignInAsync(OperatorRoles.Operator);

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(cookies, origin: "http://evil.example"));

        Assert.Contains("403", refused.Message);
    }

    [Fact]
    public async Task AfterSignOut_TheNextCommandIsAnswered401_AndTheSocketCloses_AndNothingMoves()
    {
        var cookies = await SignInAsync(OperatorRoles.Operator);
        using var socket = await ConnectAsync(cookies);
        using (var client = Client(cookies))
        {
            var token = await ConsoleWithApi.FormTokenAsync(client);
            using var signOut = await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent(
                [new KeyValuePair<string, string>("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        var before = console.Api.TotalPinChanges;
        var answer = await SendAsync(socket, """{"id":5,"command":"drive","robot":"Torvalds","body":{"direction":"forward"}}""");

        Assert.Equal(401, answer.GetProperty("status").GetInt32());
        Assert.Equal(before, console.Api.TotalPinChanges);
        var buffer = new byte[256];
        var closing = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task APlainRequest_IsAnswered400()
    {
        using var client = Client(await SignInAsync(OperatorRoles.Operator));

        using var response = await client.GetAsync(CommandSocketApi.Path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<CookieContainer> SignInAsync(string role) =>
        CommandSocketClient.SignInAsync(console.Address!, ConsoleWithApi.Users[role], ConsoleWithApi.Password);

    private HttpClient Client(CookieContainer cookies) => CommandSocketClient.Client(console.Address!, cookies);

    private Task<ClientWebSocket> ConnectAsync(CookieContainer cookies, string? origin = null) =>
        CommandSocketClient.ConnectAsync(console.Address!, cookies, origin);

    private static Task<JsonElement> SendAsync(ClientWebSocket socket, string message) => CommandSocketClient.SendAsync(socket, message);
}
