using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Delivery;

/// <summary>The app of apps: every Application parses, git sources point at folders that exist, Helm charts are pinned.</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class ArgoCdTests
{
    private static readonly string AppsFolder = RepositoryPaths.Combine("argocd", "apps");

    private static List<(string File, YamlMappingNode Root)> Applications() =>
        Directory.EnumerateFiles(AppsFolder, "*.yaml").Order(StringComparer.Ordinal).Select(file =>
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var root = Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
            return (Path.GetFileName(file), root);
        }).ToList();

    private static string? At(YamlNode node, params string[] path) => (Kustomize.Path(node, path) as YamlScalarNode)?.Value;

    [Fact]
    public void AppOfApps_HasTheExpectedApplications()
    {
        var apps = Applications();
        Assert.All(apps, a =>
        {
            Assert.Equal("argoproj.io/v1alpha1", At(a.Root, "apiVersion"));
            Assert.Equal("Application", At(a.Root, "kind"));
            Assert.Equal("argocd", At(a.Root, "metadata", "namespace"));
            Assert.Equal("default", At(a.Root, "spec", "project"));
            Assert.Equal("https://kubernetes.default.svc", At(a.Root, "spec", "destination", "server"));
            Assert.Equal("true", At(a.Root, "spec", "syncPolicy", "automated", "prune"));
            Assert.Equal("true", At(a.Root, "spec", "syncPolicy", "automated", "selfHeal"));
        });
        Assert.Equal(["dualrobot", "jaeger", "kube-prometheus-stack", "root"],
            apps.Select(a => At(a.Root, "metadata", "name")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GitSources_PointAtFoldersThatExist()
    {
        foreach (var (file, root) in Applications().Where(a => At(a.Root, "spec", "source", "chart") is null))
        {
            var path = At(root, "spec", "source", "path");
            Assert.False(string.IsNullOrEmpty(path), $"{file}: spec.source.path is missing");
            Assert.True(Directory.Exists(RepositoryPaths.Combine(path!.Split('/'))), $"{file}: path '{path}' does not exist in the repository");
            Assert.Equal("https://github.com/dualrobot/dualrobot.git", At(root, "spec", "source", "repoURL"));
        }

        var root0 = Applications().Single(a => At(a.Root, "metadata", "name") == "root").Root;
        Assert.Equal("argocd/apps", At(root0, "spec", "source", "path"));
    }

    [Fact]
    public void Dualrobot_SyncsTheProductionOverlay_IntoItsOwnNamespace()
    {
        var app = Applications().Single(a => At(a.Root, "metadata", "name") == "dualrobot").Root;
        Assert.Equal("argocd/overlays/production", At(app, "spec", "source", "path"));
        Assert.Equal("dualrobot", At(app, "spec", "destination", "namespace"));
        var options = ((YamlSequenceNode)Kustomize.Path(app, "spec", "syncPolicy", "syncOptions")!).Children.Select(o => ((YamlScalarNode)o).Value);
        Assert.Contains("CreateNamespace=true", options);
    }

    [Fact]
    public void HelmCharts_ArePinned_AndConfigured()
    {
        var stack = Applications().Single(a => At(a.Root, "metadata", "name") == "kube-prometheus-stack").Root;
        Assert.Equal("kube-prometheus-stack", At(stack, "spec", "source", "chart"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", At(stack, "spec", "source", "targetRevision"));
        Assert.Equal("prometheus", At(stack, "spec", "source", "helm", "releaseName"));
        Assert.Equal("monitoring", At(stack, "spec", "destination", "namespace"));
        var values = Kustomize.Path(stack, "spec", "source", "helm", "valuesObject")!;
        Assert.Equal("grafana-admin", At(values, "grafana", "admin", "existingSecret"));
        Assert.Equal("admin-user", At(values, "grafana", "admin", "userKey"));
        Assert.Equal("admin-password", At(values, "grafana", "admin", "passwordKey"));
        Assert.Equal("true", At(values, "grafana", "sidecar", "dashboards", "enabled"));
        Assert.Equal("grafana_dashboard", At(values, "grafana", "sidecar", "dashboards", "label"));
        Assert.Equal("false", At(values, "prometheus", "prometheusSpec", "serviceMonitorSelectorNilUsesHelmValues"));
        var options = ((YamlSequenceNode)Kustomize.Path(stack, "spec", "syncPolicy", "syncOptions")!).Children.Select(o => ((YamlScalarNode)o).Value);
        Assert.Contains("ServerSideApply=true", options);

        var jaeger = Applications().Single(a => At(a.Root, "metadata", "name") == "jaeger").Root;
        Assert.Equal("jaeger", At(jaeger, "spec", "source", "chart"));
        Assert.Equal("https://jaegertracing.github.io/helm-charts", At(jaeger, "spec", "source", "repoURL"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", At(jaeger, "spec", "source", "targetRevision"));
        Assert.Equal("observability", At(jaeger, "spec", "destination", "namespace"));
        // The overlay's OTLP endpoint names this Service.
        Assert.Equal("jaeger", At(jaeger, "spec", "source", "helm", "valuesObject", "fullnameOverride"));
    }

    [Fact]
    public void InstallScript_PinsArgoCd_AndAppliesServerSide()
    {
        var script = File.ReadAllText(RepositoryPaths.Combine("argocd", "install-argocd.sh"));
        Assert.Contains("set -euo pipefail", script);
        Assert.Matches(@"ARGOCD_VERSION:-v3\.1\.\d+", script);
        Assert.Contains("kubectl apply --server-side", script);
        Assert.Contains("rollout status", script);
        Assert.Contains("argocd-initial-admin-secret", script);

        var nodePort = File.ReadAllText(RepositoryPaths.Combine("argocd", "argocd-server-nodeport.yaml"));
        Assert.Contains("nodePort: 30007", nodePort);
        Assert.Contains("nodePort: 30008", nodePort);
    }
}
