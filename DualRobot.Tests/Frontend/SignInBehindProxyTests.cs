using System.Net;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console behind a reverse proxy it was told about (<c>ForwardedHeaders:KnownProxies</c>): the sign-in limit
/// counts each visitor's forwarded address, so one guesser cannot lock everyone else out. The frontend runs in
/// memory; its api is unreachable, which sign-in does not need. The untrusted side is in Security/ForwardedHeadersTests.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SignInBehindProxyTests
{
    internal static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.2");

    [Fact]
    public async Task SignInLimit_BehindAKnownProxy_CountsEachForwardedAddressSeparately()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = Proxy.ToString(),
            ["Operators:SignInAttemptsPerMinute"] = "2",
        }, remoteAddress: Proxy);
        var (client, token) = await frontend.OpenSignInFormAsync();
        using var _ = client;

        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync(client, token, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync(client, token, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordFromAsync(client, token, "203.0.113.7"));

        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync(client, token, "198.51.100.20"));
    }

    /// <summary>One wrong sign-in, claiming to come from <paramref name="forwardedFor"/>.</summary>
    internal static async Task<HttpStatusCode> WrongPasswordFromAsync(HttpClient client, string token, string forwardedFor)
    {
        using var request = FrontendFactory.SignInRequest(token, "not-the-password");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
