using System.Net;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Security;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 16, findings 2 and 3: sign-out ends the session on the server, a session ends after
/// <c>Operators:SessionLifetime</c> however busy, cookies are Secure over HTTPS (directly or through a trusted
/// proxy) and HSTS is sent there.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConsoleSessionTests
{
    [Theory]
    [InlineData(false)] // sessions in memory
    [InlineData(true)] // sessions in files beside the key ring
    public async Task SignOut_EndsTheSessionOnTheServer_ACookieCopiedBeforeIsRefusedAfter(bool keyRingOnDisk)
    {
        var keyRing = keyRingOnDisk ? Directory.CreateTempSubdirectory("dualrobot-keys-").FullName : null;
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["KeyRing:Path"] = keyRing });
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var jar = new CookieJar();
        var token = await SignInAsync(client, jar);

        var copied = jar.Copy();
        using (var before = await EmergencyStopAsync(client, copied, token))
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, before.StatusCode); // the copy works while the session lives
        }

        using (var signOut = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, "/Account/SignOut")
               {
                   Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
               }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        using var after = await EmergencyStopAsync(client, copied, token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        if (keyRing is not null)
        {
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(keyRing, "sessions")));
            Directory.Delete(keyRing, recursive: true);
        }
    }

    [Fact]
    public async Task Session_EndsAfterSessionLifetime_EvenWhileInUse()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["Operators:SessionLifetime"] = "12:00:00" }, time: time);
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var jar = new CookieJar();
        var token = await SignInAsync(client, jar);

        // Used every 5 hours, the 8-hour sliding cookie is renewed each time; the 12-hour lifetime still ends it.
        foreach (var elapsed in new[] { 5, 10 })
        {
            time.Advance(TimeSpan.FromHours(5));
            using var inUse = await EmergencyStopAsync(client, jar, token);
            Assert.True(inUse.StatusCode != HttpStatusCode.Unauthorized, $"refused after {elapsed} h");
        }

        time.Advance(TimeSpan.FromHours(2.5));
        using var expired = await EmergencyStopAsync(client, jar, token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task Cookies_AreSecure_WhenTheRequestIsHttps()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?>());
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri("https://localhost"),
        });

        var setCookies = await SignInSetCookiesAsync(client, new CookieJar(), forwardedProto: null);

        Assert.Contains(setCookies, c => c.StartsWith(OperatorCookieManager.HostPrefix + OperatorCookieManager.CookieName + "=", StringComparison.Ordinal));
        Assert.All(setCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Cookies_AreSecure_WhenATrustedProxySaysTheRequestWasHttps()
    {
        await using var frontend = new FrontendFactory(
            new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = SignInBehindProxyTests.Proxy.ToString() },
            remoteAddress: SignInBehindProxyTests.Proxy);
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var setCookies = await SignInSetCookiesAsync(client, new CookieJar(), forwardedProto: "https");

        Assert.Contains(setCookies, c => c.StartsWith(OperatorCookieManager.HostPrefix + OperatorCookieManager.CookieName + "=", StringComparison.Ordinal));
        Assert.All(setCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Hsts_IsSentOverHttps_OutsideDevelopment()
    {
        await using var frontend = new FrontendFactory(
            new Dictionary<string, string?> { ["Control:ApiKey"] = "a-production-api-key-0123456789" }, environment: "Production");
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://console.example") });

        using var response = await client.GetAsync("/Account/SignIn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    /// <summary>Signs in with cookies kept in <paramref name="jar"/>; returns the antiforgery token the page gives its script.</summary>
    private static async Task<string> SignInAsync(HttpClient client, CookieJar jar)
    {
        await SignInSetCookiesAsync(client, jar, forwardedProto: null);
        using var page = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/"));
        return OperatorSession.PageToken(await page.Content.ReadAsStringAsync());
    }

    /// <summary>Every Set-Cookie of opening the sign-in form and signing in.</summary>
    private static async Task<List<string>> SignInSetCookiesAsync(HttpClient client, CookieJar jar, string? forwardedProto)
    {
        HttpRequestMessage Request(HttpMethod method, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, "/Account/SignIn") { Content = content };
            if (forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }

            return request;
        }

        using var form = await jar.SendAsync(client, Request(HttpMethod.Get));
        var token = AntiforgeryTokens.FromForm(await form.Content.ReadAsStringAsync()) ?? string.Empty;
        using var signIn = await jar.SendAsync(client, Request(HttpMethod.Post, OperatorSession.SignInForm("operator", FrontendFactory.OperatorPassword, token)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return [.. form.Headers.GetValues("Set-Cookie"), .. signIn.Headers.GetValues("Set-Cookie")];
    }

    private static Task<HttpResponseMessage> EmergencyStopAsync(HttpClient client, CookieJar jar, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/control/estop");
        request.Headers.Add(AntiforgeryValidationFilter.HeaderName, token);
        return jar.SendAsync(client, request);
    }
}
