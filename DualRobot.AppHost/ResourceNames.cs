namespace DualRobot.AppHost;

/// <summary>Resource names double as Kubernetes object names in aspirate-output, so they are fixed here.</summary>
public static class ResourceNames
{
    public const string Api = "api";
    public const string Frontend = "frontend";
    public const string Jaeger = "jaeger";
    public const string Prometheus = "prometheus";
    public const string Grafana = "grafana";
}
