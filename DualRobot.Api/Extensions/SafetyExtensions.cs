using DualRobot.Api.Audit;
using DualRobot.Api.Safety;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Extensions;

public static class SafetyExtensions
{
    /// <summary>
    /// The safety envelope's fleet-wide parts: its settings (checked at start), its store beside the audit trail, the
    /// keep-out zones and the robots' slow mode. Each robot makes its own envelope from them.
    /// </summary>
    internal static IServiceCollection AddSafetyEnvelope(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<SafetyOptions>().BindConfiguration(SafetyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SafetyOptions>, SafetyOptionsValidator>();
        services.AddSingleton(provider => new SafetyStore(provider.GetRequiredService<IOptions<SafetyOptions>>().Value
            .ResolvePath(environment.ContentRootPath, provider.GetRequiredService<AuditStore>().FullPath)));
        services.AddSingleton(provider => RobotSafety.Create(
            provider.GetRequiredService<IOptions<SafetyOptions>>().Value,
            provider.GetRequiredService<SafetyStore>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ZoneCatalog>>()));
        services.AddSingleton(provider => provider.GetRequiredService<RobotSafety>().Zones);
        services.AddSingleton(provider => provider.GetRequiredService<RobotSafety>().SlowModes);
        services.AddHealthChecks().AddCheck<SafetyHealthCheck>("safety");
        return services;
    }
}
