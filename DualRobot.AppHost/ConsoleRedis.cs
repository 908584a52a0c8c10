using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DualRobot.AppHost;

/// <summary>
/// The Redis the console's replicas share (key ring, sessions, sign-in limits), like any Aspire resource:
/// <c>ConnectionStrings:redis</c> in the AppHost's configuration (user-secrets or the environment) names one that
/// already runs; otherwise <c>RedisContainer</c> = <c>Auto</c> (default: Aspire's Redis container when a container
/// runtime answers), <c>true</c> or <c>false</c>. With neither, the console keeps its state in files as one replica,
/// so the default run still needs nothing but the SDK. Published manifests get none: the cluster's overlay brings
/// its own Redis (docs/kubernetes.md).
/// </summary>
public static class ConsoleRedis
{
    public const string ConfigurationKey = "RedisContainer";

    /// <summary>The resource's name, which is also the console's connection string name (<c>ConnectionStrings:redis</c>).</summary>
    public const string ResourceName = "redis";

    public static IResourceBuilder<ProjectResource> WithConsoleRedis(this IResourceBuilder<ProjectResource> frontend)
    {
        var builder = frontend.ApplicationBuilder;
        if (builder.ExecutionContext.IsPublishMode)
        {
            return frontend;
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceName)))
        {
            Report(builder, "the console's replicas share the Redis named by ConnectionStrings:redis");
            return frontend.WithReference(builder.AddConnectionString(ResourceName));
        }

        var (enabled, reason) = ContainerSetting.Decide(builder.Configuration, ConfigurationKey, $"set ConnectionStrings:redis or {ConfigurationKey}=true");
        if (!enabled)
        {
            Report(builder, $"no Redis for the console ({reason}): it keeps its key ring and sessions in files, as one replica");
            return frontend;
        }

        var redis = builder.AddRedis(ResourceName);
        return frontend.WithReference(redis).WaitFor(redis);
    }

    private static void Report(IDistributedApplicationBuilder builder, string message) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleRedis).FullName!)
                .LogInformation("Console state: {What}.", message);
            return Task.CompletedTask;
        });
}
