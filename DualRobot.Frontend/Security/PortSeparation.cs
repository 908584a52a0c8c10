using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using ServiceDefaults = Microsoft.Extensions.Hosting.Extensions;

namespace DualRobot.Frontend.Security;

/// <summary>
/// Splits the console's ports: <c>AllowedHosts</c> is enforced where people arrive (every port but the management
/// one), and the management port serves only health and metrics. Kubelet probes and Prometheus address a pod by its
/// IP, a Host that no AllowedHosts list can name, so the built-in host filter (which covers every port) is left
/// open and this one, fed the same <c>AllowedHosts</c> setting, takes its place on the public side.
/// </summary>
public static class PortSeparation
{
    public const string AllowedHostsKey = "AllowedHosts";

    public static IServiceCollection AddPortSeparation(this IServiceCollection services)
    {
        services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName)
            .Validate(options => options.Port is null or (> 0 and < 65536), $"{ManagementOptions.SectionName}:Port: must be a TCP port (1-65535).")
            .ValidateOnStart();
        services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);
        return services;
    }

    public static IApplicationBuilder UsePortSeparation(this IApplicationBuilder app)
    {
        var managementPort = app.ApplicationServices.GetRequiredService<IOptions<ManagementOptions>>().Value.Port;
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var publicHosts = new FixedOptionsMonitor<HostFilteringOptions>(new HostFilteringOptions
        {
            AllowedHosts = configuration[AllowedHostsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } hosts
                ? hosts
                : ["*"],
        });

        bool OnManagementPort(HttpContext context) => context.Connection.LocalPort == managementPort;

        app.UseWhen(context => !OnManagementPort(context), branch => branch.UseMiddleware<HostFilteringMiddleware>(publicHosts));
        if (managementPort is null)
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            if (ServiceDefaults.IsInfrastructurePath(context.Request.Path) == OnManagementPort(context))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    private sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
