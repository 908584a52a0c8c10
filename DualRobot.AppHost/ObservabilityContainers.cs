using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DualRobot.AppHost;

/// <summary>
/// Jaeger, Prometheus and Grafana beside the app, when a container runtime can run them.
/// <c>ObservabilityContainers</c> = <c>Auto</c> (default: probe the runtime in run mode, leave them out of
/// published manifests since the cluster brings its own stack), <c>true</c> or <c>false</c> to force.
/// </summary>
public static class ObservabilityContainers
{
    public const string ConfigurationKey = "ObservabilityContainers";

    // Images pinned by tag so a run today and a run next year start the same stack.
    public const string JaegerImage = "jaegertracing/jaeger";
    public const string JaegerTag = "2.11.0";
    public const string PrometheusImage = "prom/prometheus";
    public const string PrometheusTag = "v3.7.3";
    public const string GrafanaImage = "grafana/grafana";
    public const string GrafanaTag = "12.2.1";

    public static IDistributedApplicationBuilder AddObservabilityContainers(
        this IDistributedApplicationBuilder builder,
        params IResourceBuilder<ProjectResource>[] scraped)
    {
        var (enabled, reason) = Decide(builder);
        if (!enabled)
        {
            builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ObservabilityContainers).FullName!)
                    .LogInformation("Observability containers (Jaeger, Prometheus, Grafana) skipped: {Reason}.", reason);
                return Task.CompletedTask;
            });
            return builder;
        }

        var folder = Path.Combine(builder.AppHostDirectory, "observability");

        var jaeger = builder.AddContainer(ResourceNames.Jaeger, JaegerImage, JaegerTag)
            .WithHttpEndpoint(port: 16686, targetPort: 16686, name: "ui")
            .WithEndpoint(targetPort: 4317, name: "otlp-grpc", scheme: "http")
            .WithHttpEndpoint(targetPort: 4318, name: "otlp-http");

        var prometheus = builder.AddContainer(ResourceNames.Prometheus, PrometheusImage, PrometheusTag)
            .WithBindMount(Path.Combine(folder, "prometheus"), "/etc/dualrobot", isReadOnly: true)
            // Prometheus cannot read targets from the environment, so the entrypoint renders them into the config.
            .WithEntrypoint("/bin/sh")
            .WithArgs("/etc/dualrobot/start.sh")
            .WithHttpEndpoint(port: 9090, targetPort: 9090, name: "http");

        foreach (var project in scraped)
        {
            var endpoint = project.GetEndpoint("http");
            prometheus.WithEnvironment(
                $"SCRAPE_TARGET_{project.Resource.Name.ToUpperInvariant()}",
                ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"));
            project.WithEnvironment("Jaeger__Endpoint", jaeger.GetEndpoint("otlp-grpc"));
        }

        var grafanaPassword = builder.AddParameter("grafana-admin-password", secret: true, persist: true,
            value: new GenerateParameterDefault { MinLength = 20, Special = false });

        builder.AddContainer(ResourceNames.Grafana, GrafanaImage, GrafanaTag)
            .WithBindMount(Path.Combine(folder, "grafana", "provisioning"), "/etc/grafana/provisioning", isReadOnly: true)
            .WithBindMount(Path.Combine(folder, "grafana", "dashboards"), "/var/lib/grafana/dashboards", isReadOnly: true)
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", grafanaPassword)
            .WithEnvironment("PROMETHEUS_URL", prometheus.GetEndpoint("http"))
            .WithEnvironment("JAEGER_URL", jaeger.GetEndpoint("ui"))
            .WithHttpEndpoint(port: 3000, targetPort: 3000, name: "http")
            .WaitFor(prometheus);

        return builder;
    }

    private static (bool Enabled, string Reason) Decide(IDistributedApplicationBuilder builder) =>
        ContainerSetting.Decide(builder.Configuration, ConfigurationKey, $"set {ConfigurationKey}=true to force",
            builder.ExecutionContext.IsPublishMode ? "publishing: the cluster runs its own Jaeger, Prometheus and Grafana" : null);
}
