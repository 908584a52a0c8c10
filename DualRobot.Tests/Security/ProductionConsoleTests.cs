using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Security;
using DualRobot.Tests.Delivery;
using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.Security;

/// <summary>
/// The console as a real process with the production overlay's configuration (its ConfigMap and container env, as
/// <c>kubectl kustomize</c> renders them), changed only where a test must: free ports instead of 8443/8080, a
/// throwaway certificate instead of the Secret's, test secrets, an unreachable api.
/// Issue 16's findings 1 (spoofed X-Forwarded-For), 3 (HTTPS, Secure cookies), 4 (Host), 5 (slow bodies) and 7
/// (health and metrics off the public port) against what ships.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ProductionConsoleTests : IAsyncLifetime
{
    private const string Password = "production-test-operator-password";
    private readonly string _directory = Directory.CreateTempSubdirectory("dualrobot-console-").FullName;
    private readonly int _consolePort = Network.FreeTcpPort();
    private readonly int _managementPort = Network.FreeTcpPort();
    private X509Certificate2 _certificate = null!;
    private ApiProcess _console = null!;

    private Uri Console => new($"https://127.0.0.1:{_consolePort}");

    private Uri Management => new($"http://127.0.0.1:{_managementPort}");

    public async Task InitializeAsync()
    {
        if (Tools.SkipReason([Tools.Kubectl]) is not null)
        {
            return; // the tests skip themselves
        }

        _certificate = TestCertificate.WritePem(_directory, out var certificatePath, out var keyPath);
        var settings = ProductionConfiguration.Environment("frontend");
        Assert.Equal("true", settings["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]); // what Aspire generates, kept
        settings["Control__ApiKey"] = ApiProcess.ApiKey;
        settings["Operators__Password"] = Password;
        settings["KeyRing__Path"] = Path.Combine(_directory, "keys");
        settings["HTTPS_PORTS"] = _consolePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Kestrel__Certificates__Default__Path"] = certificatePath;
        settings["Kestrel__Certificates__Default__KeyPath"] = keyPath;
        settings["HTTP_PORTS"] = _managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Management__Port"] = _managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ASPNETCORE_URLS"] = ""; // the test harness's default; empty, the ports above apply as in the pod
        settings["services__api__http__0"] = $"http://127.0.0.1:{Network.FreeTcpPort()}";
        settings.Remove("Jaeger__Endpoint");
        _console = await ApiProcess.StartAsync(
            settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!), ApiProcess.Frontend, _managementPort);

        // Kestrel serves each port as soon as it is bound: /alive on the management port can answer before the
        // console's port listens.
        using var console = CreateClient();
        await Eventually.True(async () =>
        {
            try
            {
                using var response = await console.GetAsync("/Account/SignIn");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the console port answers", TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
        }

        _certificate?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public async Task SpoofedForwardedFor_DoesNotResetTheSignInLimit()
    {
        // Its own loopback address, so the other tests' sign-ins do not count against this one's limit.
        using var client = CreateClient(IPAddress.Parse("127.0.0.7"));
        var token = await OperatorSession.SignInTokenAsync(client);

        async Task<HttpStatusCode> SignInAsync(string password, string forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn") { Content = OperatorSession.SignInForm("operator", password, token) };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        for (var attempt = 1; attempt <= 10; attempt++) // Operators:SignInAttemptsPerMinute, 10 by default
        {
            Assert.Equal(HttpStatusCode.OK, await SignInAsync("wrong-password-guess", $"198.51.100.{attempt}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync("wrong-password-guess", "198.51.100.77"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(Password, "203.0.113.1"));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public async Task HealthAndMetrics_AnswerOnlyOnTheManagementPort_AndTheConsoleOnlyOnItsOwn()
    {
        using var console = CreateClient();
        using var management = new HttpClient { BaseAddress = Management };

        foreach (var path in new[] { "/health", "/alive", "/metrics" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await management.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/Account/SignIn")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/Account/SignIn")).StatusCode);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public async Task ForeignHost_IsRefusedOnTheConsolePort_WhileProbesByPodAddressPass()
    {
        using var console = CreateClient();
        using var management = new HttpClient { BaseAddress = Management };

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/Account/SignIn");
        foreign.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await console.SendAsync(foreign)).StatusCode);

        using var probe = new HttpRequestMessage(HttpMethod.Get, "/health"); // the kubelet's Host is the pod's IP
        probe.Headers.Host = "10.42.0.17:8080";
        Assert.Equal(HttpStatusCode.OK, (await management.SendAsync(probe)).StatusCode);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public async Task SigningIn_OverHttps_SetsSecureCookiesOnly()
    {
        using var client = CreateClient();
        var token = await OperatorSession.SignInTokenAsync(client);
        using var response = await client.PostAsync("/Account/SignIn", OperatorSession.SignInForm("operator", Password, token));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(OperatorCookieManager.HostPrefix + OperatorCookieManager.CookieName + "=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public async Task SignInForm_WithABodyThatNeverCompletes_Is408Or400_NeverA500()
    {
        foreach (var endStream in new[] { false, true })
        {
            var (status, reply) = await RawHttp.SendIncompleteBodyAsync(Console, "POST", "/Account/SignIn",
                ["Content-Type: application/x-www-form-urlencoded"], "UserName=operator&Pass", declaredLength: 300, endStream);
            // The antiforgery check reads the form first and reports any failure to read it as a bad token: 400.
            RawHttp.AssertClientError(status, reply, endStream, 408, 400);
        }

        Assert.DoesNotContain("fail: ", _console.Output, StringComparison.Ordinal);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public async Task ControlBody_ThatNeverCompletes_Is408Or400_NeverA500()
    {
        var cookies = new CookieContainer();
        using var client = CreateClient(cookies: cookies);
        var token = await OperatorSession.SignInTokenAsync(client);
        (await client.PostAsync("/Account/SignIn", OperatorSession.SignInForm("operator", Password, token))).Dispose();
        var pageToken = OperatorSession.PageToken(await client.GetStringAsync("/"));

        foreach (var endStream in new[] { false, true })
        {
            var (status, reply) = await RawHttp.SendIncompleteBodyAsync(Console, "POST", "/control/linus/drive",
                [$"Cookie: {cookies.GetCookieHeader(Console)}", $"{AntiforgeryValidationFilter.HeaderName}: {pageToken}", "Content-Type: application/json"],
                """{"direction":"for""", declaredLength: 200, endStream);
            RawHttp.AssertClientError(status, reply, endStream, 408);
        }

        Assert.DoesNotContain("fail: ", _console.Output, StringComparison.Ordinal);
    }

    /// <summary>A client for the console port that trusts exactly this test's certificate, optionally from another loopback address.</summary>
    private HttpClient CreateClient(IPAddress? from = null, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => TestCertificate.IsExactly(certificate, _certificate),
            },
        };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        return new HttpClient(handler) { BaseAddress = Console };
    }
}
