using System.Net;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 4, the sign-in limit: it was per address only, so five addresses × ten guesses were all checked
/// against one account. Failures are now limited per account too (<c>Operators:SignInFailuresPerAccountPerHour</c>,
/// 30), from all addresses together, without locking the owner out: a browser the account signed in from before has
/// a budget of its own. The console sits behind a trusted proxy here, so each request can come from its own address.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SignInAccountLimitTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.2");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task GuessesSpreadOverFiveAddresses_AreCheckedOnly30Times_ThenEvenTheRightPasswordWaits()
    {
        await using var frontend = Console();
        using var client = Client(frontend);
        var attacker = new CookieJar();

        var answers = new List<HttpStatusCode>();
        for (var address = 1; address <= 5; address++)
        {
            // Operators:SignInAttemptsPerMinute: 10 per address
            answers.AddRange(await GuessesAsync(client, attacker, 10, $"203.0.113.{address}"));
        }

        Assert.Equal(30, answers.Count(status => status == HttpStatusCode.OK)); // checked, and wrong
        Assert.Equal(20, answers.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, attacker, FrontendFactory.OperatorPassword, "203.0.113.6"));

        _time.Advance(SignInThrottle.AccountWindow);
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(client, attacker, FrontendFactory.OperatorPassword, "203.0.113.7"));
    }

    [Fact]
    public async Task OverTheAccountLimit_TheOwnerStillSignsIn_FromABrowserTheySignedInFromBefore()
    {
        await using var frontend = Console(failuresPerAccount: 3);
        using var client = Client(frontend);
        var owner = new CookieJar();
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(client, owner, FrontendFactory.OperatorPassword, "198.51.100.1"));

        var attacker = new CookieJar();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            await GuessesAsync(client, attacker, 4, "203.0.113.1"));

        var newBrowser = new CookieJar(); // at the owner's address, but new to the account
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, newBrowser, FrontendFactory.OperatorPassword, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(client, owner, FrontendFactory.OperatorPassword, "198.51.100.2"));
    }

    [Fact]
    public async Task AKnownBrowsersCookie_GivesNoMoreGuessesThanTheAccountHas()
    {
        await using var frontend = Console(failuresPerAccount: 3);
        using var client = Client(frontend);
        var stolen = new CookieJar();
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(client, stolen, FrontendFactory.OperatorPassword, "198.51.100.1"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            await GuessesAsync(client, stolen, 4, "203.0.113.1"));
    }

    [Fact]
    public async Task OneAccountsLimit_LeavesOtherAccountsAlone_AndSuccessesNeverCount()
    {
        await using var frontend = Console(failuresPerAccount: 3);
        using var client = Client(frontend);
        for (var signIn = 0; signIn < 5; signIn++)
        {
            Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(client, new CookieJar(), FrontendFactory.OperatorPassword, $"198.51.100.{signIn}"));
        }

        var attacker = new CookieJar();
        await GuessesAsync(client, attacker, 4, "203.0.113.1", user: "someone-else");

        Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, attacker, "wrong-guess", "203.0.113.9"));
    }

    private FrontendFactory Console(int? failuresPerAccount = null)
    {
        var settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = Proxy.ToString() };
        if (failuresPerAccount is { } limit)
        {
            settings["Operators:SignInFailuresPerAccountPerHour"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new FrontendFactory(settings, time: _time, remoteAddress: Proxy);
    }

    private static HttpClient Client(FrontendFactory frontend) =>
        frontend.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Wrong passwords from <paramref name="forwardedFor"/>, one after the other; their statuses.</summary>
    private static async Task<List<HttpStatusCode>> GuessesAsync(
        HttpClient client, CookieJar jar, int count, string forwardedFor, string user = "operator")
    {
        var answers = new List<HttpStatusCode>();
        for (var guess = 0; guess < count; guess++)
        {
            answers.Add(await SignInAsync(client, jar, "wrong-guess", forwardedFor, user));
        }

        return answers;
    }

    /// <summary>Opens the sign-in form, then signs in from <paramref name="forwardedFor"/> with the browser's cookies; the status.</summary>
    private static async Task<HttpStatusCode> SignInAsync(
        HttpClient client, CookieJar jar, string password, string forwardedFor, string user = "operator")
    {
        using var form = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/Account/SignIn"));
        var token = AntiforgeryTokens.FromForm(await form.Content.ReadAsStringAsync()) ?? "";
        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn") { Content = OperatorSession.SignInForm(user, password, token) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await jar.SendAsync(client, request);
        return response.StatusCode;
    }
}
