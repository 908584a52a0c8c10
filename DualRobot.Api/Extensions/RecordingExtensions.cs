using DualRobot.Api.Audit;
using DualRobot.Api.Recording;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Extensions;

public static class RecordingExtensions
{
    /// <summary>
    /// The flight recorder: its settings, its store beside the audit trail, its writer and its health. Registered
    /// before the fleet's lifetime, as the audit trail is, so its writer stops after the robots did and their last
    /// states are recorded.
    /// </summary>
    internal static IServiceCollection AddFlightRecorder(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<RecordingOptions>().BindConfiguration(RecordingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            _ = sp.GetService<OpenTelemetry.Metrics.MeterProvider>(); // as for the audit metrics: OTLP sees the zeros
            return new RecordingMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.AddSingleton(provider => new RecordingDatabase(provider.GetRequiredService<IOptions<RecordingOptions>>().Value
            .ResolvePath(environment.ContentRootPath, provider.GetRequiredService<AuditStore>().FullPath)));
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<RecordingReader>();
        services.AddSingleton(provider => new FlightRecorder(
            provider.GetRequiredService<RecordingStore>(),
            provider.GetRequiredService<IOptions<RecordingOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<RecordingMetrics>(),
            provider.GetRequiredService<ILogger<FlightRecorder>>()));
        services.AddHostedService<RecordingWriter>();
        services.AddHealthChecks().AddCheck<RecordingHealthCheck>("recording");
        return services;
    }
}
