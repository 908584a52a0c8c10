using System.Net;
using DualRobot.Frontend.Live;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The README's advice for a console behind a reverse proxy, checked: with <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>
/// the sign-in limit counts each visitor's forwarded address, so one guesser cannot lock everyone else out.
/// The frontend runs in memory; its api is unreachable, which sign-in does not need.
/// </summary>
public sealed class SignInBehindProxyTests
{
    [Fact]
    public async Task SignInLimit_WithForwardedHeadersEnabled_CountsEachForwardedAddressSeparately()
    {
        await using var frontend = new ProxiedFrontendFactory();
        using var client = frontend.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = WebUtility.HtmlDecode(OperatorSession.FormToken().Match(await client.GetStringAsync("/Account/SignIn")).Groups[1].Value);

        async Task<HttpStatusCode> WrongPasswordFromAsync(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = "operator",
                    ["Password"] = "not-the-password",
                    ["__RequestVerificationToken"] = token,
                }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await WrongPasswordFromAsync("203.0.113.7"));

        Assert.Equal(HttpStatusCode.OK, await WrongPasswordFromAsync("198.51.100.20"));
    }

    private sealed class ProxiedFrontendFactory : WebApplicationFactory<ConsoleEventHub>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ForwardedHeaders_Enabled", "true"); // what ASPNETCORE_FORWARDEDHEADERS_ENABLED sets
            builder.UseSetting("Api:BaseAddress", $"http://127.0.0.1:{Network.FreeTcpPort()}");
            builder.UseSetting("Operators:Password", "the-operator-password");
            builder.UseSetting("Operators:SignInAttemptsPerMinute", "2");
        }
    }
}
