using DualRobot.Api.Apis;
using DualRobot.Api.Audit;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.Api.Hosting;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Extensions;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The api's own registrations: robots, their backends, control, authentication and OpenAPI.</summary>
    public static IHostApplicationBuilder AddRobotControl(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<RobotFleetOptions>().BindConfiguration(RobotFleetOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RobotFleetOptions>, RobotFleetOptionsValidator>();
        services.AddOptions<ShardOptions>().BindConfiguration(ShardOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShardOptions>, ShardOptionsValidator>();
        services.AddOptions<ControlOptions>().BindConfiguration(ControlOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ControlOptions>, ControlOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ControlOptions>>().Value.Leases);

        services.AddOptions<PigpioOptions>().BindConfiguration(PigpioOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.ReconnectMaxDelay >= o.ReconnectMinDelay, $"{PigpioOptions.SectionName}: ReconnectMaxDelay must not be below ReconnectMinDelay.")
            .ValidateOnStart();

        services.AddOptions<RobotEventsOptions>().BindConfiguration(RobotEventsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GpioBackendFactory>();
        services.AddSingleton(sp =>
        {
            // OpenTelemetry's meter listener first: the series each robot creates at zero on registration would
            // otherwise never reach OTLP, and an instrument that stays at zero would never show in the dashboard.
            _ = sp.GetService<OpenTelemetry.Metrics.MeterProvider>();
            return new RobotMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.AddSingleton<RobotEventHub>();
        services.AddSingleton<EmergencyStopLatch>();
        services.AddSingleton<ControlClaims>();
        services.AddSingleton(CreateFleet);
        services.AddAuditTrail(builder.Environment);
        services.AddFlightRecorder(builder.Environment);
        services.AddSafetyEnvelope(builder.Environment);
        services.AddRobotOwnership();
        services.AddRobotGroups();
        services.AddHostedService<RobotFleetLifetime>();
        services.AddHostedService<SystemdWatchdog>();
        services.AddHostedService<RobotEventsKeepAlive>();
        services.AddHealthChecks().AddCheck<RobotBackendsHealthCheck>("robots");

        services.ConfigureHttpJsonOptions(options => ContractJson.Configure(options.SerializerOptions));
        services.AddRequestBinding();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddOperatorPolicies();
        services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = RequestSchemaTransformer.InlinesEnums;
            options.AddSchemaTransformer<RequestSchemaTransformer>();
        });

        return builder;
    }

    /// <summary>
    /// Registered before the fleet's lifetime so its writer stops after the robots did: the records of the last
    /// commands and of the shutdown are written before the process exits.
    /// </summary>
    private static void AddAuditTrail(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddSingleton(sp =>
        {
            _ = sp.GetService<OpenTelemetry.Metrics.MeterProvider>(); // as for the robot metrics: OTLP sees the zeros
            return new AuditMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        });
        services.AddSingleton(provider => new AuditStore(
            Path.Combine(environment.ContentRootPath, provider.GetRequiredService<IOptions<AuditOptions>>().Value.Path)));
        services.AddSingleton(provider => new AuditTrail(
            provider.GetRequiredService<AuditStore>(),
            provider.GetRequiredService<IOptions<AuditOptions>>().Value.QueueCapacity,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<AuditMetrics>(),
            provider.GetRequiredService<ILogger<AuditTrail>>(),
            TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<AuditOptions>>().Value.RefusalWindowSeconds),
            provider.GetRequiredService<Recording.FlightRecorder>()));
        services.AddSingleton<AuditFeed>();
        services.AddHostedService<AuditWriter>();
        services.AddHealthChecks().AddCheck<AuditHealthCheck>("audit");
    }

    private static RobotFleet CreateFleet(IServiceProvider services)
    {
        // No robot exists until this process owns them all: a second api on the same audit trail stops here.
        _ = services.GetRequiredService<RobotOwnership>();
        var fleetOptions = services.GetRequiredService<IOptions<RobotFleetOptions>>().Value;
        var shard = services.GetRequiredService<IOptions<ShardOptions>>().Value;
        var control = services.GetRequiredService<IOptions<ControlOptions>>().Value;
        var eventOptions = services.GetRequiredService<IOptions<RobotEventsOptions>>().Value;
        var factory = services.GetRequiredService<GpioBackendFactory>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var estop = services.GetRequiredService<EmergencyStopLatch>();
        var events = services.GetRequiredService<RobotEventHub>();
        var metrics = services.GetRequiredService<RobotMetrics>();
        var time = services.GetRequiredService<TimeProvider>();
        var claims = services.GetRequiredService<ControlClaims>();
        var audit = services.GetRequiredService<AuditTrail>();
        var safety = services.GetRequiredService<Safety.RobotSafety>();

        // Every instance reads the same robots; each drives its own shard of them.
        var robots = fleetOptions.Where(entry => shard.Owns(entry.Value)).Select(entry => new Robot(
            entry.Key,
            entry.Value,
            factory.Create(entry.Key, entry.Value),
            control,
            estop,
            events,
            metrics,
            time,
            loggers.CreateLogger($"DualRobot.Api.Robots.Robot.{entry.Key}"),
            eventOptions,
            claims,
            audit,
            safety));

        return new RobotFleet(robots, estop, metrics, loggers.CreateLogger<RobotFleet>());
    }
}
