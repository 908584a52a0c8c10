using System.Net;
using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 16, finding 1: a client's own <c>X-Forwarded-For</c> must not buy it a fresh sign-in allowance. Here with
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> on, as Aspire's generated configuration has it; the production
/// configuration itself is run in <see cref="ProductionConsoleTests"/>.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ForwardedHeadersTests
{
    [Theory]
    [InlineData(null)] // no proxy configured: forwarded headers are ignored
    [InlineData("10.0.0.2")] // a proxy configured, but the client is not it
    public async Task SpoofedForwardedFor_FromAClientThatIsNoKnownProxy_DoesNotResetTheSignInLimit(string? knownProxy)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FORWARDEDHEADERS_ENABLED"] = "true", // what ASPNETCORE_FORWARDEDHEADERS_ENABLED sets
            ["Operators:SignInAttemptsPerMinute"] = "2",
        };
        if (knownProxy is not null)
        {
            settings["ForwardedHeaders:KnownProxies:0"] = knownProxy;
        }

        await using var frontend = new FrontendFactory(settings, remoteAddress: IPAddress.Parse("203.0.113.50"));
        var (client, token) = await frontend.OpenSignInFormAsync();
        using var _ = client;

        Assert.Equal(HttpStatusCode.OK, await SignInBehindProxyTests.WrongPasswordFromAsync(client, token, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, await SignInBehindProxyTests.WrongPasswordFromAsync(client, token, "198.51.100.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInBehindProxyTests.WrongPasswordFromAsync(client, token, "198.51.100.3"));
    }

    [Fact]
    public async Task Start_WithAKnownProxyThatIsNoAddress_IsRefused_NamingTheSetting()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "proxy.example" });
        var failure = Assert.ThrowsAny<Exception>(() => frontend.CreateClient());
        Assert.Contains("ForwardedHeaders", failure.ToString());
    }
}
