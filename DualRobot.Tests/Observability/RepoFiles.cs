using System.Reflection;

namespace DualRobot.Tests.Observability;

/// <summary>Files of the repository the observability tests check.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = typeof(RepoFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepositoryRoot").Value!;

    public static string ObservabilityDir => Path.Combine(Root, "DualRobot.AppHost", "observability");

    public static string Dashboard => Path.Combine(ObservabilityDir, "grafana", "dashboards", "dual-robot.json");

    public static string PrometheusDir => Path.Combine(ObservabilityDir, "prometheus");

    public static string Alerts => Path.Combine(PrometheusDir, "alerts.yml");

    public static string AlertsTest => Path.Combine(PrometheusDir, "alerts.test.yml");

    public static string PrometheusConfigTemplate => Path.Combine(PrometheusDir, "prometheus.yml");

    public static string KubernetesDir => Path.Combine(Root, "argocd", "overlays", "production", "observability");
}
