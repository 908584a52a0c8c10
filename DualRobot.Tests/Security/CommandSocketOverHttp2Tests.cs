using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.WebSockets;
using DualRobot.Frontend.Apis;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 2: over HTTPS a browser opens the command socket on the HTTP/2 connection it already has, as an
/// extended CONNECT (RFC 8441), not as an HTTP/1.1 GET with Upgrade. The route answered only GET, so that was a 405
/// and the page fell back to requests. Both handshakes open it now, with the same session and origin checks; every
/// other method is still a 405. A real client over TLS (ALPN h2, the test's certificate pinned), the console on
/// Kestrel with HTTP/1.1 and HTTP/2, the api in memory.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class CommandSocketOverHttp2Tests(ConsoleWithApiOverHttps console) : IClassFixture<ConsoleWithApiOverHttps>
{
    [Fact]
    public async Task OverHttp2_TheSocketOpensAsAnExtendedConnect_AndCarriesCommandsToTheRobot()
    {
        var cookies = await SignInAsync();
        using var socket = await ConnectAsync(cookies, HttpVersion.Version20);

        var moved = await CommandSocketClient.SendAsync(socket, """{"id":1,"command":"drive","robot":"Torvalds","body":{"direction":"forward","leaseMs":500}}""");
        var stopped = await CommandSocketClient.SendAsync(socket, """{"id":2,"command":"drive","robot":"Torvalds","body":{"direction":"stop"}}""");

        Assert.Equal(HttpStatusCode.OK, socket.HttpStatusCode); // HTTP/2's answer to an accepted CONNECT; HTTP/1.1's is 101
        Assert.Contains("CONNECT HTTP/2", console.SocketHandshakes);
        Assert.Equal(200, moved.GetProperty("status").GetInt32());
        Assert.Equal("forward", moved.GetProperty("body").GetProperty("motion").GetString());
        Assert.Equal(200, stopped.GetProperty("status").GetInt32());
        Assert.Equal(Direction.Stop, console.Api.Robot("Torvalds").GetState().Motion);
    }

    [Fact]
    public async Task OverHttp11_TheUpgradeStillOpensIt()
    {
        var cookies = await SignInAsync();
        using var socket = await ConnectAsync(cookies, HttpVersion.Version11);

        var answer = await CommandSocketClient.SendAsync(socket, """{"id":1,"command":"heartbeat","robot":"Torvalds","body":{"leaseMs":500}}""");

        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.Equal(1, answer.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task OverHttp2_FromAnotherOrigin_TheConnectIsRefused403()
    {
        var cookies = await SignInAsync();

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(cookies, HttpVersion.Version20, origin: "https://evil.example"));

        Assert.Contains("403", refused.Message);
    }

    [Fact]
    public async Task OverHttp2_WithoutASession_TheConnectIsRefused401()
    {
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(new CookieContainer(), HttpVersion.Version20));

        Assert.Contains("401", refused.Message);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task AnyOtherMethod_Is405(string method)
    {
        using var client = CommandSocketClient.Client(console.Address!, await SignInAsync(), PinnedHandler());
        client.DefaultRequestVersion = HttpVersion.Version20;

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), CommandSocketApi.Path)
        {
            Content = new StringContent("{}", new MediaTypeHeaderValue("application/json")),
        });

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private Task<CookieContainer> SignInAsync() =>
        CommandSocketClient.SignInAsync(console.Address!, ConsoleWithApi.Users[OperatorRoles.Operator], ConsoleWithApi.Password, PinnedHandler());

    /// <summary>The socket over exactly <paramref name="version"/>: HTTP/2 needs TLS with ALPN, which the console's endpoint offers.</summary>
    private async Task<ClientWebSocket> ConnectAsync(CookieContainer cookies, Version version, string? origin = null)
    {
        var handler = PinnedHandler();
        handler.CookieContainer = cookies;
        // Not disposed here: the socket lives on the invoker's connection (over HTTP/2, a stream of it).
        var invoker = new HttpMessageInvoker(handler);
        return await CommandSocketClient.ConnectAsync(console.Address!, cookies, origin, options =>
        {
            options.HttpVersion = version;
            options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            options.CollectHttpResponseDetails = true;
        }, invoker);
    }

    private SocketsHttpHandler PinnedHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => TestCertificate.IsExactly(certificate, console.Certificate),
        },
    };
}
