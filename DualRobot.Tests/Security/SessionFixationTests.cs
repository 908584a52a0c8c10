using System.Net;
using System.Text.RegularExpressions;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Operators.Sessions;
using DualRobot.Frontend.Security;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 1: a sign-in never adopts the session of the cookie the browser brought. A cookie planted in a
/// victim's browser (another service on the same host, a shared console PC) or left there by the previous user
/// is refused once someone signs in; over HTTPS the cookie is <c>__Host-</c>-prefixed, so only this host over
/// HTTPS can set it.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed partial class SessionFixationTests : IDisposable
{
    private const string Password = "a-password-for-every-test-user";
    private const string PlainName = OperatorCookieManager.CookieName;
    private const string PrefixedName = OperatorCookieManager.HostPrefix + OperatorCookieManager.CookieName;
    private static readonly string Hash = OperatorCredentials.Hash(Password);

    private readonly string _keyRing = Directory.CreateTempSubdirectory("dualrobot-keys-").FullName;

    [Theory]
    [InlineData(false)] // sessions in memory
    [InlineData(true)] // sessions in files beside the key ring
    public async Task PlantedCookie_AfterTheVictimSignsIn_IsRefused_AndNeverActsAsTheVictim(bool keyRingOnDisk)
    {
        await using var frontend = Console(keyRingOnDisk);
        using var client = Client(frontend);

        // The attacker signs in as a mere viewer and plants that cookie in the victim's browser.
        var attacker = new CookieJar();
        await SignInAsync(client, attacker, "vic");
        var victim = new CookieJar();
        victim.Plant(PlainName, attacker[PlainName]!);

        // The victim, a supervisor, signs in with the planted cookie in the browser.
        await SignInAsync(client, victim, "sup");

        Assert.Equal("sup", await SignedInUserAsync(client, victim));
        Assert.Null(await SignedInUserAsync(client, attacker));
        using var release = await ReleaseEmergencyStopAsync(client, attacker);
        Assert.Equal(HttpStatusCode.Unauthorized, release.StatusCode);
        if (keyRingOnDisk)
        {
            // The planted session is deleted, not only no longer read: one session remains, the victim's.
            Assert.Single(Directory.EnumerateFiles(Path.Combine(_keyRing, FileSessionBackend.DirectoryName)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SigningInAgain_InTheSameBrowser_GivesANewSession_TheFirstUsersCookieIsRefused(bool keyRingOnDisk)
    {
        await using var frontend = Console(keyRingOnDisk);
        using var client = Client(frontend);
        var browser = new CookieJar();
        await SignInAsync(client, browser, "alice");
        var alicesCookie = browser.Copy();

        await SignInAsync(client, browser, "bob");

        Assert.NotEqual(alicesCookie[PlainName], browser[PlainName]);
        Assert.Equal("bob", await SignedInUserAsync(client, browser));
        Assert.Null(await SignedInUserAsync(client, alicesCookie));
    }

    [Fact]
    public async Task FailedSignIn_LeavesTheBrowsersSessionAlone()
    {
        await using var frontend = Console(keyRingOnDisk: false);
        using var client = Client(frontend);
        var browser = new CookieJar();
        await SignInAsync(client, browser, "alice");

        var (_, wrong) = await AttemptSignInAsync(client, browser, "bob", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, wrong);
        Assert.Equal("alice", await SignedInUserAsync(client, browser));
    }

    [Fact]
    public async Task OverHttps_TheSessionCookie_IsHostPrefixed_Secure_PathRoot_WithoutDomain()
    {
        await using var frontend = Console(keyRingOnDisk: false);
        using var client = Client(frontend, "https://localhost");

        var setCookies = await SignInAsync(client, new CookieJar(), "alice");

        var session = Assert.Single(setCookies, c => c.StartsWith(PrefixedName + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/;", session + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(setCookies, c => c.StartsWith(PlainName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverHttps_AnUnprefixedCookie_IsNotRead()
    {
        await using var frontend = Console(keyRingOnDisk: false);
        using var http = Client(frontend);
        using var https = Client(frontend, "https://localhost");
        var overHttp = new CookieJar();
        await SignInAsync(http, overHttp, "alice");
        Assert.Equal("alice", await SignedInUserAsync(http, overHttp));

        // The same valid session cookie, presented over HTTPS under the name any plain-HTTP page could have set.
        Assert.Null(await SignedInUserAsync(https, overHttp));
    }

    [Fact]
    public async Task OverPlainHttp_TheSessionCookieKeepsItsUnprefixedName_SoDevelopmentWorks()
    {
        await using var frontend = Console(keyRingOnDisk: false);
        using var client = Client(frontend);
        var browser = new CookieJar();

        var setCookies = await SignInAsync(client, browser, "alice");

        var session = Assert.Single(setCookies, c => c.StartsWith(PlainName + "=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("alice", await SignedInUserAsync(client, browser));
    }

    public void Dispose() => Directory.Delete(_keyRing, recursive: true);

    private FrontendFactory Console(bool keyRingOnDisk) => new(new Dictionary<string, string?>
    {
        ["KeyRing:Path"] = keyRingOnDisk ? _keyRing : null,
        ["Operators:Users:vic:PasswordHash"] = Hash,
        ["Operators:Users:vic:Role"] = OperatorRoles.Viewer,
        ["Operators:Users:sup:PasswordHash"] = Hash,
        ["Operators:Users:sup:Role"] = OperatorRoles.Supervisor,
        ["Operators:Users:alice:PasswordHash"] = Hash,
        ["Operators:Users:bob:PasswordHash"] = Hash,
    });

    private static HttpClient Client(FrontendFactory frontend, string baseAddress = "http://localhost") =>
        frontend.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri(baseAddress),
        });

    /// <summary>Opens the sign-in form and signs in as <paramref name="user"/>; returns every Set-Cookie of both.</summary>
    private static async Task<List<string>> SignInAsync(HttpClient client, CookieJar jar, string user)
    {
        var (setCookies, status) = await AttemptSignInAsync(client, jar, user, Password);
        Assert.Equal(HttpStatusCode.Redirect, status);
        return setCookies;
    }

    private static async Task<(List<string> SetCookies, HttpStatusCode Status)> AttemptSignInAsync(
        HttpClient client, CookieJar jar, string user, string password)
    {
        using var form = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/Account/SignIn"));
        var token = AntiforgeryTokens.FromForm(await form.Content.ReadAsStringAsync()) ?? "";
        using var signIn = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn")
        {
            Content = OperatorSession.SignInForm(user, password, token),
        });
        return ([.. SetCookies(form), .. SetCookies(signIn)], signIn.StatusCode);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    /// <summary>Who the console's page says is signed in with these cookies, or null for nobody.</summary>
    private static async Task<string?> SignedInUserAsync(HttpClient client, CookieJar jar)
    {
        using var page = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var match = SignedInAs().Match(await page.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// <summary>The attacker's POST of the page's own token, as the console's script sends it.</summary>
    private static async Task<HttpResponseMessage> ReleaseEmergencyStopAsync(HttpClient client, CookieJar jar)
    {
        using var page = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/control/estop/release");
        request.Headers.Add(AntiforgeryValidationFilter.HeaderName, OperatorSession.PageToken(await page.Content.ReadAsStringAsync()));
        return await jar.SendAsync(client, request);
    }

    [GeneratedRegex("""<span class="who">[^<]*<strong>([^<]*)</strong>""")]
    private static partial Regex SignedInAs();
}
