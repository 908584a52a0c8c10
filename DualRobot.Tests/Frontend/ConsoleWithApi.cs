using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Security;
using DualRobot.Tests.Apis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The console and the api, both in memory, the console's api calls going straight into the api's test server: what
/// a signed-in user does in the console reaches the real api, its roles and its audit trail. One user per role.
/// </summary>
public class ConsoleWithApi : IAsyncLifetime
{
    public const string Password = "a long test password";

    /// <summary>User name per role; the plain <c>operator</c> user (FrontendFactory's password) is a supervisor.</summary>
    public static readonly IReadOnlyDictionary<string, string> Users = new Dictionary<string, string>
    {
        [OperatorRoles.Viewer] = "vera",
        [OperatorRoles.Operator] = "otto",
        [OperatorRoles.Supervisor] = "sue",
    };

    private FrontendFactory _console = null!;

    public ApiFactory Api { get; } = new();

    public Task InitializeAsync()
    {
        var hash = OperatorCredentials.Hash(Password);
        // Every test signs in afresh, all from one address.
        var settings = new Dictionary<string, string?> { ["Control:ApiKey"] = ApiFactory.ApiKey, ["Operators:SignInAttemptsPerMinute"] = "1000" };
        foreach (var (role, user) in Users)
        {
            settings[$"Operators:Users:{user}:PasswordHash"] = hash;
            if (role != OperatorRoles.Operator)
            {
                settings[$"Operators:Users:{user}:Role"] = role;
            }
        }

        // Started here, once: the console builds its api handlers on several threads at start-up (the event relay, the
        // first page), and WebApplicationFactory starts its server lazily without a lock, so two first uses race.
        var api = Api.Server;
        _console = new FrontendFactory(settings, api: () => ToApi(api.CreateHandler()), services: ConfigureConsole);
        if (OverHttp)
        {
            Listen(_console);
            _console.StartServer();
            Address = new Uri(_console.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        return Task.CompletedTask;
    }

    /// <summary>The console's address on loopback, when it listens for real (<see cref="OverHttp"/>).</summary>
    public Uri? Address { get; private set; }

    /// <summary>Whether the console listens on a real port (for a browser) rather than in memory only.</summary>
    protected virtual bool OverHttp => false;

    /// <summary>How the console listens when it does (<see cref="OverHttp"/>): plain HTTP on a free loopback port.</summary>
    private protected virtual void Listen(FrontendFactory console) => console.UseKestrel(0);

    /// <summary>The console's way to the api: straight into the api's test server, unless a fixture puts something between.</summary>
    protected virtual HttpMessageHandler ToApi(HttpMessageHandler api) => api;

    /// <summary>More registrations for the console, after its own.</summary>
    protected virtual void ConfigureConsole(IServiceCollection services)
    {
    }

    /// <summary>A browser without a session: keeps cookies, sees redirects.</summary>
    public HttpClient Anonymous() => _console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A browser signed in as the user of <paramref name="role"/>, with the page's token for the control endpoints.</summary>
    public async Task<HttpClient> SignedInAsync(string role)
    {
        var (user, password) = role == "plain" ? ("operator", FrontendFactory.OperatorPassword) : (Users[role], Password);
        var client = Anonymous();
        var token = await OperatorSession.SignInTokenAsync(client);
        using var response = await client.PostAsync("/Account/SignIn", OperatorSession.SignInForm(user, password, token));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        client.DefaultRequestHeaders.Add(AntiforgeryValidationFilter.HeaderName, await FormTokenAsync(client));
        return client;
    }

    /// <summary>
    /// A form token for the client's current user (forms post it as __RequestVerificationToken): the console page's
    /// (its sign-out form) when signed in, the sign-in form's for a visitor. The sign-in page does not read the
    /// session (a sign-in always starts a new one), so its token is always a visitor's.
    /// </summary>
    public static async Task<string> FormTokenAsync(HttpClient client) =>
        AntiforgeryTokens.FromForm(await client.GetStringAsync("/")) ?? await OperatorSession.SignInTokenAsync(client);

    public async Task DisposeAsync()
    {
        await _console.DisposeAsync();
        await Api.DisposeAsync();
    }
}

/// <summary>The same pair with the console on a real loopback port, for Chromium.</summary>
public sealed class ConsoleWithApiOverHttp : ConsoleWithApi
{
    protected override bool OverHttp => true;
}
