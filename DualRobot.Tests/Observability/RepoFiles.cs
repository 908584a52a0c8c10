namespace DualRobot.Tests.Observability;

/// <summary>Files of the repository the observability tests check.</summary>
internal static class RepoFiles
{
    public static string ObservabilityDir => RepositoryPaths.Combine("DualRobot.AppHost", "observability");

    public static string Dashboard => Path.Combine(ObservabilityDir, "grafana", "dashboards", "dual-robot.json");

    public static string PrometheusDir => Path.Combine(ObservabilityDir, "prometheus");

    public static string Alerts => Path.Combine(PrometheusDir, "alerts.yml");

    public static string AlertsTest => Path.Combine(PrometheusDir, "alerts.test.yml");

    public static string PrometheusConfigTemplate => Path.Combine(PrometheusDir, "prometheus.yml");

    public static string KubernetesDir => RepositoryPaths.Combine("argocd", "overlays", "production", "observability");
}
