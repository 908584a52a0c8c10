using System.Net;
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
                    stack.Session = await SignInAsync(frontend.BaseAddress, certificate);
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

        /// <summary>The console as a child process, wired to <paramref name="api"/> with the same key, one operator configured.</summary>
        public static Task<ServiceProcess> StartFrontendAsync(string frontendDll, Uri api, ServedCertificate? https = null) =>
            ServiceProcess.StartAsync(frontendDll, [], new Dictionary<string, string>
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
            Session?.Dispose();
            ApiHttp.Dispose();
            await Frontend.DisposeAsync();
            await Api.DisposeAsync();
            _certificate?.Dispose();
        }

        private static async Task<HttpClient> SignInAsync(Uri frontend, ServedCertificate? certificate)
        {
            var client = new HttpClient(new SocketsHttpHandler
            {
                CookieContainer = new CookieContainer(),
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
