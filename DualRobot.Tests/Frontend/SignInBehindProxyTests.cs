using System.Net;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The README's advice for a console behind a reverse proxy, checked: with <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>
/// the sign-in limit counts each visitor's forwarded address, so one guesser cannot lock everyone else out.
/// The frontend runs in memory; its api is unreachable, which sign-in does not need.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SignInBehindProxyTests
{
    [Fact]
    public async Task SignInLimit_WithForwardedHeadersEnabled_CountsEachForwardedAddressSeparately()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?>
        {
            ["ForwardedHeaders_Enabled"] = "true", // what ASPNETCORE_FORWARDEDHEADERS_ENABLED sets
            ["Operators:SignInAttemptsPerMinute"] = "2",
        });
        var (client, token) = await frontend.OpenSignInFormAsync();
        using var _ = client;

        async Task<HttpStatusCode> WrongPasswordFromAsync(string address)
        {
            using var request = FrontendFactory.SignInRequest(token, "not-the-password");
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordFromAsync("203.0.113.7"));

        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync("198.51.100.20"));
    }
}
