using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DualRobot.Frontend.Security;
using DualRobot.Tests.AppHost;

namespace DualRobot.Tests.Frontend;

/// <summary>The console's HTTP contract, without a browser: headers, who may actuate, and antiforgery.</summary>
[Collection(AppHostCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed partial class OperatorConsoleHttpTests(AppHostFixture fixture)
{
    private readonly ApiState _api = new(fixture);

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/SignIn")]
    [InlineData("/css/site.css")]
    [InlineData("/js/console.js")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = fixture.CreateHttpClient("frontend");

        using var response = await client.GetAsync(path);

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("script-src 'self';", SecurityHeaders.ContentSecurityPolicy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Single(response.Headers.GetValues("Referrer-Policy"));
    }

    [Fact]
    public async Task ThePage_HasNoInlineScriptOrStyle_AndNoExternalResource()
    {
        var (client, _) = await SignedInClientAsync();
        using (client)
        {
            var html = await client.GetStringAsync("/");

            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotContain(" style=", html);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.DoesNotContain("https://", html);
            Assert.Contains("request-verification-token", html);
        }
    }

    [Fact]
    public async Task ThePage_SaysWhichBackendEachRobotRuns_SimulatedByDefault()
    {
        // The production overlay's default robots.env runs both robots simulated as well (RobotsInProductionTests):
        // the operator sees that nothing real moves.
        var (client, _) = await SignedInClientAsync();
        using (client)
        {
            var html = await client.GetStringAsync("/");

            Assert.Equal(["Simulated", "Simulated"], BackendField().Matches(html).Select(m => m.Groups[1].Value));
        }
    }

    [Theory]
    [InlineData("/control/Linus/drive", """{"direction":"forward"}""")]
    [InlineData("/control/Linus/heartbeat", "{}")]
    [InlineData("/control/Linus/eye", """{"state":"on"}""")]
    [InlineData("/control/Linus/servos/0", """{"angle":30}""")]
    [InlineData("/control/Linus/velocity", """{"linear":0.5,"angular":0}""")]
    [InlineData("/control/Linus/pose/reset", "{}")]
    [InlineData("/control/estop", "{}")]
    [InlineData("/control/estop/release", "{}")]
    public async Task ControlEndpoints_RefuseAnonymousCallers(string path, string json)
    {
        using var client = fixture.CreateHttpClient("frontend");

        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(await _api.EmergencyStopLatchedAsync());
    }

    [Fact]
    public async Task ControlEndpoints_RefuseASignedInCallerWithoutTheAntiforgeryToken()
    {
        var (client, _) = await SignedInClientAsync();
        using (client)
        {
            using var response = await client.PostAsync("/control/Linus/drive",
                new StringContent("""{"direction":"forward"}""", Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("stop", (await _api.RobotAsync("Linus")).GetProperty("motion").GetString());
        }
    }

    [Fact]
    public async Task ControlEndpoints_ForwardTheApisAnswer_StateOrProblem()
    {
        var (client, _) = await SignedInClientAsync();
        using (client)
        {
            try
            {
                client.DefaultRequestHeaders.Add(AntiforgeryValidationFilter.HeaderName, OperatorSession.PageToken(await client.GetStringAsync("/")));

                using var eye = await client.PostAsync("/control/Torvalds/eye", Json("""{"state":"on"}"""));
                Assert.Equal(HttpStatusCode.OK, eye.StatusCode);
                Assert.Contains("\"eye\":\"on\"", await eye.Content.ReadAsStringAsync());

                using var invalid = await client.PostAsync("/control/Torvalds/drive", Json("""{"direction":"sideways"}"""));
                Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
                Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
                Assert.Contains("direction", await invalid.Content.ReadAsStringAsync());

                using var unknown = await client.PostAsync("/control/Nobody/drive", Json("""{"direction":"stop"}"""));
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

                using var estop = await client.PostAsync("/control/estop", Json("{}"));
                Assert.Equal(HttpStatusCode.OK, estop.StatusCode);
                using var refused = await client.PostAsync("/control/Torvalds/drive", Json("""{"direction":"forward"}"""));
                Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
                Assert.Contains("Emergency stop latched", await refused.Content.ReadAsStringAsync());
            }
            finally
            {
                await _api.ResetAsync();
            }
        }
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_IsRefused()
    {
        using var client = NewClient(out var cookies);
        var token = await OperatorSession.SignInTokenAsync(client);

        using var response = await client.PostAsync("/Account/SignIn", OperatorSession.SignInForm(AppHostFixture.OperatorName, "not-the-password", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(cookies.GetAllCookies(), cookie => cookie.Name == "DualRobot.Operator");
    }

    [Fact]
    public async Task SignIn_SetsAnHttpOnlySameSiteStrictCookie()
    {
        var (client, setCookie) = await SignedInClientAsync();
        using (client)
        {
            var cookie = Assert.Single(setCookie, header => header.StartsWith("DualRobot.Operator=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<(HttpClient Client, IReadOnlyList<string> SetCookie)> SignedInClientAsync()
    {
        var client = NewClient(out _);
        var token = await OperatorSession.SignInTokenAsync(client);
        using var response = await client.PostAsync("/Account/SignIn", OperatorSession.SignInForm(AppHostFixture.OperatorName, AppHostFixture.OperatorPassword, token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, response.Headers.GetValues("Set-Cookie").ToList());
    }

    private HttpClient NewClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = fixture.FrontendUrl };
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");


    [GeneratedRegex("data-field=\"backend\">([^<]*)<")]
    private static partial Regex BackendField();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
