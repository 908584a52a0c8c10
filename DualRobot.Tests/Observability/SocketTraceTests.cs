using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DualRobot.Api.Diagnostics;
using DualRobot.Tests.AppHost;
using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.Observability;

/// <summary>
/// An operator's hold through the console's command socket is one trace: the press and the release, each the console's
/// span and the api's, and none of the renewals between them; the socket's own span is a trace of its own, the
/// opening only. Checked at a real OTLP receiver, by counting spans (the hold's length is its heartbeats, not a clock).
/// </summary>
[Collection(ObservabilityCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class SocketTraceTests(ObservabilityFixture fixture)
{
    /// <summary>Five seconds of holding at the page's renewal period (holds.js: 150 ms).</summary>
    private const int Renewals = 5000 / 150;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [RequiresToolFact(Tools.AspireDashboard)]
    public async Task AFiveSecondHold_ThroughTheSocket_IsOneTraceOfItsPressAndRelease_WithoutItsRenewals()
    {
        Tools.Require(Tools.AspireDashboard);
        var receiver = fixture.DashboardReceiver ?? throw new Xunit.Sdk.XunitException("The fixture did not start the OTLP receivers.");
        var hold = ActivityTraceId.CreateRandom().ToHexString();
        var parents = new List<string>();
        string Traceparent()
        {
            var span = ActivitySpanId.CreateRandom().ToHexString();
            parents.Add(span);
            return $"00-{hold}-{span}-01";
        }

        using var socket = await ConnectAsync();
        await SendAsync(socket, 1, "drive", new { direction = "forward", leaseMs = ObservabilityFixture.LongLeaseMs }, Traceparent());
        for (var i = 0; i < Renewals; i++)
        {
            await SendAsync(socket, 2 + i, "heartbeat", new { leaseMs = ObservabilityFixture.LongLeaseMs }, Traceparent());
        }

        await SendAsync(socket, 2 + Renewals, "drive", new { direction = "stop" }, Traceparent());

        // Each service exports in order: once the release's spans are in, every renewal's would be too.
        var spans = await receiver.WaitForTraceAsync(hold, spans =>
            spans.Count(s => s.Name == RobotTelemetry.Spans.Drive) == 2
            && spans.Count(s => s.Service == "api" && s.Name.StartsWith("POST", StringComparison.Ordinal)) == 2
            && spans.Count(s => s.Service == "frontend" && s.Name.StartsWith("POST", StringComparison.Ordinal)) == 2
            && spans.Count(s => s.Name == "console.drive") == 2, Timeout);

        Assert.DoesNotContain(spans, s => s.Name.Contains("heartbeat", StringComparison.Ordinal));
        // Press and release, each: console.drive → the console's call → the api's request → robot.drive → gpio.write.
        Assert.Equal(10, spans.Count);
        Assert.All(spans.Where(s => s.Name == "console.drive"), s => Assert.Contains(s.ParentSpanId, parents));
        Assert.DoesNotContain(spans, s => s.Name == "console.command_socket");

        var opened = OtlpSpan.Parse(await receiver.Client.GetStringAsync("api/telemetry/traces"))
            .Where(s => s.Name == "console.command_socket" && s.Attributes.GetValueOrDefault("http.response.status_code") == "101")
            .ToList();
        Assert.NotEmpty(opened);
        Assert.All(opened, s => Assert.Null(s.ParentSpanId));
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var cookies = new CookieContainer();
        using (var client = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, ActivityHeadersPropagator = null })
        {
            BaseAddress = fixture.FrontendAddress,
        })
        {
            var token = await OperatorSession.SignInTokenAsync(client);
            using var signIn = await client.PostAsync("/Account/SignIn",
                OperatorSession.SignInForm(AppHostFixture.OperatorName, ObservabilityFixture.OperatorPassword, token));
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.SetRequestHeader("Origin", $"http://{fixture.FrontendAddress.Authority}");
        await socket.ConnectAsync(new Uri($"ws://{fixture.FrontendAddress.Authority}/control/socket"), CancellationToken.None);
        return socket;
    }

    /// <summary>One command for Torvalds (the fixture keeps Linus driving for the other tests), answered 200.</summary>
    private static async Task SendAsync(ClientWebSocket socket, long id, string command, object body, string traceparent)
    {
        var message = JsonSerializer.Serialize(new { id, command, robot = "Torvalds", body, traceparent });
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var buffer = new byte[16 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        using var reply = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
        Assert.True(reply.RootElement.GetProperty("status").GetInt32() == 200, $"{command}: {reply.RootElement}");
    }
}
