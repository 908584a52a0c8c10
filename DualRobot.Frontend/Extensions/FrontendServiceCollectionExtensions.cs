using DualRobot.Frontend.Apis;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Live;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Extensions;

public static class FrontendServiceCollectionExtensions
{
    /// <summary>The console's own registrations: api client, live state relay, operators, cookies and antiforgery.</summary>
    public static IHostApplicationBuilder AddOperatorConsole(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DrivingOptions>().BindConfiguration(DrivingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OperatorOptions>, OperatorOptionsValidator>();

        // Commands go out once: a retried "forward" that lands after the operator's "stop" would move the robot
        // again, and a retried 503 would only hold the operator's finger up. So no resilience handler, a short timeout.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt a client out.
        services.AddHttpClient<RobotApiClient>(ConfigureApiClient(TimeSpan.FromSeconds(5)))
            .RemoveAllResilienceHandlers();
        // The event stream lives as long as the api does; the relay reconnects by itself.
        services.AddHttpClient(RobotEventsRelay.HttpClientName, ConfigureApiClient(Timeout.InfiniteTimeSpan))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        // The api client names the signed-in user to the api from the request it serves.
        services.AddHttpContextAccessor();
        services.AddTransient<CommandRelay>();
        services.AddSingleton<ConsoleEventHub>();
        services.AddSingleton(Apis.ZonesApi.SupervisorRoutes);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<RobotEventsRelay>();
        services.AddHostedService<ActivityRelay>();

        services.AddSingleton<OperatorCredentials>();
        services.AddSingleton<KnownBrowsers>();
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService<OperatorCredentialsReport>();

        builder.AddConsoleState();

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<ForwardedHeadersOptions>, TrustedProxies>();
        services.AddPortSeparation();

        services.AddSingleton<OperatorSessionEvents>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                // __Host-DualRobot.Operator over HTTPS, where the manager also makes it Secure, Path=/, no Domain.
                options.Cookie.Name = OperatorCookieManager.CookieName;
                options.CookieManager = new OperatorCookieManager();
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.Path = "/";
                // Secure whenever the request is HTTPS, directly or as a trusted proxy's X-Forwarded-Proto says.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = OperatorSessionEvents.SlidingLifetime;
                options.SlidingExpiration = true;
                options.LoginPath = "/Account/SignIn";
                options.LogoutPath = "/Account/SignOut";
                options.AccessDeniedPath = "/Account/SignIn";
                options.EventsType = typeof(OperatorSessionEvents);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<OperatorSessionStore>((options, store) => options.SessionStore = store);
        services.AddAuthorizationBuilder().AddOperatorPolicies();

        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryValidationFilter.HeaderName;
            options.Cookie.Name = "DualRobot.Antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddProblemDetails();
        services.AddExceptionHandler<ClientErrorExceptionHandler>();
        services.ConfigureHttpJsonOptions(options => ContractJson.Configure(options.SerializerOptions));
        // Binding failures throw, so ClientErrorExceptionHandler can name the field instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddRazorPages(options => options.Conventions.AuthorizeFolder("/Account", OperatorPolicy.Viewer)
                .AllowAnonymousToPage("/Account/SignIn"))
            .AddCookieTempDataProvider(options =>
            {
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });

        return builder;
    }

    // No base address: each call names its api instance (ApiOptions.InstanceList).
    private static Action<IServiceProvider, HttpClient> ConfigureApiClient(TimeSpan timeout) => (_, client) => client.Timeout = timeout;
}
