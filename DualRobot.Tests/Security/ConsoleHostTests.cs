using System.Net;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 16, findings 4 and 7: foreign Host headers refused where AllowedHosts is set, redirects that never name a
/// host, and health and metrics kept off the console's port when a management port is configured.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConsoleHostTests
{
    [Fact]
    public async Task ForeignHost_IsRefused_WhenAllowedHostsIsSet()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "console.example;localhost" });
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var foreign = await GetAsync(client, "/Account/SignIn", "evil.example");
        using var own = await GetAsync(client, "/Account/SignIn", "console.example");

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task SignInRedirect_NeverCarriesTheRequestsHost()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "*" });
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // Anonymous on an operator page: the cookie handler's redirect to the sign-in page.
        using var response = await GetAsync(client, "/Account/SignOut", "evil.example");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/SignIn?ReturnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);

        Assert.DoesNotContain("evil.example", response.Headers.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_WithAForeignReturnUrl_RedirectsHome()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?>());
        var (client, token) = await frontend.OpenSignInFormAsync();
        using var _ = client;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn?ReturnUrl=http%3A%2F%2Fevil.example%2F")
        {
            Content = OperatorSession.SignInForm("operator", FrontendFactory.OperatorPassword, token),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthAndMetrics_AreNotServedOnTheConsolePort_WhenAManagementPortIsSet(string path)
    {
        // The in-memory server's requests arrive on port 0, never the management port.
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["Management:Port"] = "9" });
        using var client = frontend.CreateClient();

        using var infrastructure = await client.GetAsync(path);
        using var console = await client.GetAsync("/Account/SignIn");

        Assert.Equal(HttpStatusCode.NotFound, infrastructure.StatusCode);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return client.SendAsync(request);
    }
}
