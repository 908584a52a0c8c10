using DualRobot.Frontend.Live;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The frontend in memory, with the operator password set and its api unreachable: signing in and serving pages need
/// no api. <see cref="ConsoleEventHub"/> stands in for the entry point (both services have a top-level Program).
/// </summary>
/// <param name="api">When given, the console talks to this in-memory api instead of an unreachable address.</param>
internal sealed class FrontendFactory(IReadOnlyDictionary<string, string?> settings, Func<HttpMessageHandler>? api = null)
    : WebApplicationFactory<ConsoleEventHub>
{
    public const string OperatorPassword = "the-operator-password";

    /// <summary>A client that keeps cookies and sees redirects, with the sign-in form's antiforgery token.</summary>
    public async Task<(HttpClient Client, string Token)> OpenSignInFormAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return (client, await OperatorSession.SignInTokenAsync(client));
    }

    /// <summary>The sign-in form's POST for the configured operator, as a browser sends it.</summary>
    public static HttpRequestMessage SignInRequest(string token, string password) => new(HttpMethod.Post, "/Account/SignIn")
    {
        Content = OperatorSession.SignInForm("operator", password, token),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Api:BaseAddress", api is null ? $"http://127.0.0.1:{Network.FreeTcpPort()}" : "http://localhost");
        if (api is not null)
        {
            builder.ConfigureServices(services => services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(api)));
        }

        builder.UseSetting("Operators:Password", OperatorPassword);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
