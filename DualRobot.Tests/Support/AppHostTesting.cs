using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DualRobot.Tests.Support;

/// <summary>
/// The AppHost as the test fixtures run it: containers off (the tests never wait on a container runtime), the
/// secrets as parameters, warnings-only logging, and started until api and frontend are healthy.
/// </summary>
public static class AppHostTesting
{
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string OperatorPassword = "test-operator-password";

    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>A testing builder for the AppHost; <paramref name="extraArgs"/> come after the defaults.</summary>
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] extraArgs)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DualRobot_AppHost>(
        [
            "--ObservabilityContainers=false",
            "--RedisContainer=false",
            $"--Parameters:api-key={ApiKey}",
            $"--Parameters:operator-password={OperatorPassword}",
            .. extraArgs,
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        // Every test signs in from 127.0.0.1, which the console's per-address sign-in throttle (10 a minute by default) would
        // soon refuse depending on test order; the throttle itself has unit tests (OperatorCredentialsTests).
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "frontend").Annotations.Add(
            new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables["Operators__SignInAttemptsPerMinute"] = "1000"));
        // An audit trail of its own for each AppHost a test starts: two apis on one trail would share its lock
        // (RobotOwnership), and the second would refuse to start.
        var auditPath = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"apphost-audit-{Guid.NewGuid():N}.db");
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api").Annotations.Add(
            new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables["Audit__Path"] = auditPath));
        return builder;
    }

    /// <summary>
    /// The testing builder points OTLP at a dashboard it does not start; with nothing listening there the exporter
    /// would hold up each service's shutdown by ~13 s, so the projects get no OTEL_EXPORTER_OTLP_ENDPOINT.
    /// </summary>
    public static IDistributedApplicationTestingBuilder WithoutOtlpExport(this IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
        }

        return builder;
    }

    /// <summary>Builds and starts the application, then waits until api and frontend report healthy.</summary>
    public static async Task<DistributedApplication> StartAsync(this IDistributedApplicationTestingBuilder builder)
    {
        var app = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("frontend", cts.Token);
        return app;
    }

    /// <summary>Stops and disposes what <see cref="StartAsync"/> returned (nothing when the fixture never got that far).</summary>
    public static async Task StopAndDisposeAsync(DistributedApplication? app)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
