using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DualRobot.TestSupport;

namespace DualRobot.Benchmarks;

/// <summary>The operator console's path: frontend child process → its own api child process → Simulated backend.</summary>
public sealed partial class MacroBenchmarks
{
    private const string OperatorUserName = "operator";
    private const string OperatorPassword = "benchmark-operator-password";

    // As the page's script sends them (DualRobot.Frontend/Apis/ControlApi.cs relays the body to the api unchanged).
    private static Task FrontendDrive(HttpClient session, int i) =>
        Send(session, HttpMethod.Post, $"control/{Robot}/drive", i % 2 == 0 ? Forward : Backward);

    // As the page sends a motion over its command socket (holds.js): one text message, answered with the api's status.
    private static readonly byte[][] SocketDrives =
    [
        Encoding.UTF8.GetBytes($$$"""{"id":1,"command":"drive","robot":"{{{Robot}}}","body":{"direction":"forward","leaseMs":2000}}"""),
        Encoding.UTF8.GetBytes($$$"""{"id":2,"command":"drive","robot":"{{{Robot}}}","body":{"direction":"backward","leaseMs":2000}}"""),
    ];

    private static Task SocketDrive(ClientWebSocket socket, int i) => SocketCommandAsync(socket, SocketDrives[i % 2]);

    /// <summary>One command message on the page's socket, until its answer; a refusal other than superseded-by-stop throws.</summary>
    private static async Task SocketCommandAsync(ClientWebSocket socket, byte[] message)
    {
        await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var reply = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(reply.AsMemory(length), CancellationToken.None);
            length += received.Count;
            if (received.EndOfMessage)
            {
                break;
            }
        }

        using var answer = JsonDocument.Parse(reply.AsMemory(0, length));
        if (answer.RootElement.GetProperty("status").GetInt32() is var status && status != 200)
        {
            if (status == 409 && answer.RootElement.GetRawText().Contains("superseded-by-stop", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _superseded);
                return;
            }

            throw new InvalidOperationException($"Socket drive: {status} {answer.RootElement.GetRawText()}");
        }
    }

    /// <summary>
    /// A dedicated 2-robot api, the frontend wired to it (<c>Api:BaseAddress</c>, the same <c>Control:ApiKey</c>) and
    /// one operator session signed in as a browser does: the sign-in form's token, the cookie, then the page's
    /// antiforgery token in the <c>RequestVerificationToken</c> header. Over HTTP, or over HTTPS (the console's
    /// endpoint offers HTTP/1.1 and HTTP/2, as in the production overlay; the session's client speaks HTTP/2).
    /// </summary>
    private sealed class FrontendStack : IAsyncDisposable
    {
        private readonly ServedCertificate? _certificate;

        private FrontendStack(ServiceProcess api, ServiceProcess frontend, ServedCertificate? certificate)
        {
            Api = api;
            Frontend = frontend;
            _certificate = certificate;
            ApiHttp = CreateClient(api.BaseAddress);

            // As the operator the console signs in, so the direct baseline and the console's drives are one user's
            // and never refused for the robot's control claim.
            ApiHttp.DefaultRequestHeaders.Add("X-DualRobot-User", OperatorUserName);
        }

        public ServiceProcess Api { get; }

        public ServiceProcess Frontend { get; }

        /// <summary>Direct to the api behind the frontend, with the Bearer key: the baseline of the frontend path.</summary>
        public HttpClient ApiHttp { get; }

        /// <summary>The signed-in operator's client (cookies, antiforgery header), talking to the frontend.</summary>
        public HttpClient Session { get; private set; } = null!;

        /// <summary>Frontend RSS before the operator signs in.</summary>
        public long IdleRss { get; private set; }

        /// <summary>The signed-in page's command socket (<c>/control/socket</c>), opened as the browser does: cookie and Origin. Over HTTP only.</summary>
        public ClientWebSocket Socket { get; private set; } = null!;

        public static async Task<FrontendStack> StartAsync(
            string apiDll, string frontendDll, bool smoke, IReadOnlyDictionary<string, string>? apiEnvironment = null, bool https = false)
        {
            var api = await ServiceProcess.StartAsync(apiDll, [], apiEnvironment ?? ApiEnvironment(), "/health", StartTimeout);
            ServiceProcess? frontend = null;
            var certificate = https ? new ServedCertificate() : null;
            try
            {
                frontend = await StartFrontendAsync(frontendDll, api.BaseAddress, certificate);
                var stack = new FrontendStack(api, frontend, certificate);
                try
                {
                    await Task.Delay(smoke ? 200 : 1500);
                    stack.IdleRss = frontend.RssBytes();
                    // Once: the frontend throttles sign-in attempts per client address (Operators:SignInAttemptsPerMinute).
                    var cookies = new CookieContainer();
                    stack.Session = await SignInAsync(frontend.BaseAddress, cookies, certificate);
                    if (certificate is null)
                    {
                        stack.Socket = await OpenSocketAsync(frontend.BaseAddress, cookies);
                    }

                    return stack;
                }
                catch
                {
                    await stack.DisposeAsync();
                    throw;
                }
            }
            catch when (frontend is null)
            {
                certificate?.Dispose();
                await api.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// The console as a child process, wired to <paramref name="api"/> with the same key, one operator configured;
        /// <paramref name="settings"/> adds to that (api instances, Redis, a key ring path, the sign-in limit).
        /// </summary>
        public static Task<ServiceProcess> StartFrontendAsync(
            string frontendDll, Uri api, ServedCertificate? https = null, IReadOnlyDictionary<string, string>? settings = null) =>
            ServiceProcess.StartAsync(frontendDll, [], new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
            {
                ["Api__BaseAddress"] = api.ToString(),
                ["Control__ApiKey"] = ApiKey,
                ["Operators__UserName"] = OperatorUserName,
                ["Operators__Password"] = OperatorPassword,
                // A build output has no wwwroot (outside Development static web assets come from a publish): the
                // page's scripts for the browser measure come from the project's.
                ["ASPNETCORE_WEBROOT"] = Path.Combine(RepoLayout.Root(), "DualRobot.Frontend", "wwwroot"),
                // The harness measures how long commands take, not when the console gives up on one: the longest
                // allowed wait keeps a loaded machine (the smoke run inside the test suite) from turning a slow
                // answer into a 503 that ends the run.
                ["Api__CommandTimeout"] = "00:00:05",
            }, "/health", StartTimeout, https);

        public async ValueTask DisposeAsync()
        {
            Socket?.Dispose();
            Session?.Dispose();
            ApiHttp.Dispose();
            await Frontend.DisposeAsync();
            await Api.DisposeAsync();
            _certificate?.Dispose();
        }

        internal static async Task<ClientWebSocket> OpenSocketAsync(Uri frontend, CookieContainer cookies)
        {
            var socket = new ClientWebSocket();
            try
            {
                socket.Options.Cookies = cookies;
                socket.Options.SetRequestHeader("Origin", frontend.GetLeftPart(UriPartial.Authority));
                await socket.ConnectAsync(new Uri(new Uri(frontend.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), "control/socket"), CancellationToken.None);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        internal static async Task<HttpClient> SignInAsync(Uri frontend, CookieContainer cookies, ServedCertificate? certificate)
        {
            var client = new HttpClient(new SocketsHttpHandler
            {
                CookieContainer = cookies,
                UseCookies = true,
                AllowAutoRedirect = false,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                SslOptions = ServedCertificate.Trust(certificate),
            })
            {
                BaseAddress = frontend,
                Timeout = TimeSpan.FromSeconds(10),
                // Over HTTPS as a browser goes: HTTP/2 (ALPN); over plain HTTP, HTTP/1.1.
                DefaultRequestVersion = certificate is null ? HttpVersion.Version11 : HttpVersion.Version20,
            };
            try
            {
                var form = await client.GetStringAsync("Account/SignIn");
                var formToken = AntiforgeryTokens.FromForm(form)
                    ?? throw new InvalidOperationException("The sign-in page has no antiforgery form token.");

                using (var response = await client.PostAsync("Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = OperatorUserName,
                    ["Password"] = OperatorPassword,
                    [AntiforgeryTokens.FormField] = formToken,
                })))
                {
                    if (response.StatusCode != HttpStatusCode.Redirect)
                    {
                        throw new InvalidOperationException($"Sign-in as {OperatorUserName}: {(int)response.StatusCode}, expected 302.");
                    }
                }

                var page = await client.GetStringAsync("");
                var pageToken = AntiforgeryTokens.FromPage(page)
                    ?? throw new InvalidOperationException("The console page has no request-verification-token meta tag after sign-in.");

                client.DefaultRequestHeaders.Add("RequestVerificationToken", pageToken);
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }
}
