using System.Net;
using DualRobot.Frontend.Live;
using DualRobot.Frontend.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The frontend in memory, with the operator password set and its api unreachable: signing in and serving pages need
/// no api. <see cref="ConsoleEventHub"/> stands in for the entry point (both services have a top-level Program).
/// Optionally another environment, a clock the test moves, and the address every request seems to come from.
/// </summary>
/// <param name="api">When given, the console talks to this in-memory api instead of an unreachable address.</param>
/// <param name="services">More registrations, after the console's own.</param>
internal sealed class FrontendFactory(
    IReadOnlyDictionary<string, string?> settings,
    string environment = "Development",
    TimeProvider? time = null,
    IPAddress? remoteAddress = null,
    Func<HttpMessageHandler>? api = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<ConsoleEventHub>
{
    public const string OperatorPassword = "the-operator-password";

    /// <summary>
    /// The console's calls going straight into this in-memory api, started here: the console's relays call it from
    /// their own threads as soon as it starts, and two first calls at once would each start an api of their own.
    /// </summary>
    public static Func<HttpMessageHandler> InMemory(Apis.ApiFactory api)
    {
        _ = api.Server;
        return () => api.Server.CreateHandler();
    }

    /// <summary>A client that keeps cookies and sees redirects, with the sign-in form's antiforgery token.</summary>
    public async Task<(HttpClient Client, string Token)> OpenSignInFormAsync()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return (client, await OperatorSession.SignInTokenAsync(client));
    }

    /// <summary>A signed-in operator's client carrying the page's antiforgery token, as the console's script does.</summary>
    public async Task<HttpClient> SignedInClientAsync()
    {
        var (client, token) = await OpenSignInFormAsync();
        using var response = await client.SendAsync(SignInRequest(token, OperatorPassword));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        client.DefaultRequestHeaders.Add(AntiforgeryValidationFilter.HeaderName, OperatorSession.PageToken(await client.GetStringAsync("/")));
        return client;
    }

    /// <summary>The sign-in form's POST for the configured operator, as a browser sends it.</summary>
    public static HttpRequestMessage SignInRequest(string token, string password) => new(HttpMethod.Post, "/Account/SignIn")
    {
        Content = OperatorSession.SignInForm("operator", password, token),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
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

        builder.ConfigureServices(registrations =>
        {
            services?.Invoke(registrations);
            if (time is not null)
            {
                registrations.RemoveAll<TimeProvider>();
                registrations.AddSingleton(time);
            }

            if (remoteAddress is not null)
            {
                registrations.AddSingleton<IStartupFilter>(new RemoteAddressFilter(remoteAddress));
            }
        });
    }

    /// <summary>The in-memory server has no peer; this gives every request one, before the app's own middleware.</summary>
    private sealed class RemoteAddressFilter(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
