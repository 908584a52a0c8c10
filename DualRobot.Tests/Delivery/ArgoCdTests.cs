using k8s;
using k8s.Models;
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
        Assert.Equal(["dualrobot", "jaeger", "kube-prometheus-stack", "prometheus-operator-crds", "root"],
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

    private static YamlMappingNode App(string name) => Applications().Single(a => At(a.Root, "metadata", "name") == name).Root;

    private static IEnumerable<string?> Sequence(YamlNode node, params string[] path) =>
        (Kustomize.Path(node, path) as YamlSequenceNode)?.Children.Select(c => (c as YamlScalarNode)?.Value) ?? [];

    [Fact]
    public void InstallScript_RestoresApplicationHealth_SoSyncWavesWait()
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("argocd", "argocd-cm.yaml"));
        var settings = KubernetesYaml.Deserialize<V1ConfigMap>(text, strict: true);
        Assert.Equal(("argocd-cm", "argocd"), (settings.Metadata.Name, settings.Metadata.NamespaceProperty));
        var check = settings.Data["resource.customizations.health.argoproj.io_Application"];
        // The check reports the Application's own health (what it deployed), Progressing until there is one.
        Assert.Contains("hs.status = obj.status.health.status", check);
        Assert.Contains("hs.status = \"Progressing\"", check);
        Assert.Contains("return hs", check);

        var script = File.ReadAllText(RepositoryPaths.Combine("argocd", "install-argocd.sh"));
        var apply = Assert.Single(script.Split('\n'), l => l.Contains("argocd-cm.yaml", StringComparison.Ordinal) && l.StartsWith("kubectl apply", StringComparison.Ordinal));
        Assert.Contains("--server-side", apply);
        // Its own field manager: re-applying install.yaml (an argocd-cm without data) then keeps the key.
        Assert.Contains("--field-manager=dualrobot-install", apply);
        Assert.True(script.IndexOf(apply, StringComparison.Ordinal) > script.IndexOf("${MANIFEST_URL}", StringComparison.Ordinal), "argocd-cm.yaml must be applied after install.yaml");

        // The waves the check makes meaningful: the CRDs, then what uses them.
        Assert.True(Wave("prometheus-operator-crds") < Wave("kube-prometheus-stack"));
        Assert.Equal(Wave("kube-prometheus-stack"), Wave("jaeger"));
    }

    [Fact]
    public void Robots_WaitOnlyForTheCrdsTheyNeed_NeverForMonitoringsHealth()
    {
        // root starts a wave once every Application of the waves before it is Healthy: before the robots' wave there
        // may be only the CRDs their ServiceMonitor and PrometheusRule need.
        var earlier = Applications().Select(a => At(a.Root, "metadata", "name")!)
            .Where(name => name != "root" && Wave(name) < Wave("dualrobot"));
        Assert.Equal(["prometheus-operator-crds"], earlier);
        Assert.Contains("SkipDryRunOnMissingResource=true", Sequence(App("dualrobot"), "spec", "syncPolicy", "syncOptions"));
    }

    private static int Wave(string name) =>
        int.Parse(At(App(name), "metadata", "annotations", "argocd.argoproj.io/sync-wave") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("obj = {}", "Progressing", "")]
    [InlineData("obj = { status = { sync = { status = 'Synced' } } }", "Progressing", "")]
    [InlineData("obj = { status = { health = { status = 'Healthy' } } }", "Healthy", "")]
    [InlineData("obj = { status = { health = { status = 'Degraded', message = 'Deployment api exceeded its progress deadline' } } }", "Degraded", "Deployment api exceeded its progress deadline")]
    public void ApplicationHealthCheck_ReportsWhatTheApplicationDeployed_ProgressingUntilKnown(string application, string status, string message)
    {
        var check = KubernetesYaml.Deserialize<V1ConfigMap>(File.ReadAllText(RepositoryPaths.Combine("argocd", "argocd-cm.yaml")), strict: true)
            .Data["resource.customizations.health.argoproj.io_Application"];
        using var lua = new NLua.Lua();
        lua.DoString(application);

        // Argo CD runs the script as a chunk with the object in the global `obj` and reads the table it returns.
        var result = (NLua.LuaTable)lua.DoString(check)[0];

        Assert.Equal(status, result["status"]);
        Assert.Equal(message, result["message"]);
    }

    [Fact]
    public void EveryApplication_RetriesWithBackoff()
    {
        foreach (var (file, root) in Applications())
        {
            var retry = Kustomize.Path(root, "spec", "syncPolicy", "retry");
            Assert.True(retry is not null, $"{file}: no spec.syncPolicy.retry");
            Assert.Equal("10", At(retry!, "limit"));
            Assert.Equal("30s", At(retry!, "backoff", "duration"));
            Assert.Equal("2", At(retry!, "backoff", "factor"));
            Assert.Equal("5m", At(retry!, "backoff", "maxDuration"));
        }
    }

    [Fact]
    public void MonitoringCrds_SurviveDeletingRootOrTheStack()
    {
        // kube-prometheus-stack installs no CRDs of its own ...
        Assert.Equal("false", At(App("kube-prometheus-stack"), "spec", "source", "helm", "valuesObject", "crds", "enabled"));

        // ... they come from an Application whose deletion (alone or through root's cascade) leaves its resources:
        var crds = App("prometheus-operator-crds");
        Assert.Equal("prometheus-operator-crds", At(crds, "spec", "source", "chart"));
        Assert.Equal("https://prometheus-community.github.io/helm-charts", At(crds, "spec", "source", "repoURL"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", At(crds, "spec", "source", "targetRevision"));
        Assert.Null(Kustomize.Path(crds, "metadata", "finalizers"));
        // ... and each CRD also tells Argo CD never to delete or prune it.
        Assert.Equal("Delete=false,Prune=false", At(crds, "spec", "source", "helm", "valuesObject", "crds", "annotations", "argocd.argoproj.io/sync-options"));
        Assert.Contains("ServerSideApply=true", Sequence(crds, "spec", "syncPolicy", "syncOptions"));
    }

    [Fact]
    public void KubePrometheusStack_LeavesOutWhatK3sDoesNotExpose()
    {
        var values = Kustomize.Path(App("kube-prometheus-stack"), "spec", "source", "helm", "valuesObject")!;
        foreach (var component in new[] { "kubeControllerManager", "kubeScheduler", "kubeProxy", "kubeEtcd" })
        {
            Assert.Equal("false", At(values, component, "enabled"));
        }
    }

    [Fact]
    public void Jaeger_SetsOnlyValuesItsPinnedChartReads()
    {
        var jaeger = App("jaeger");
        var version = Version.Parse(At(jaeger, "spec", "source", "targetRevision")!);
        Assert.True(version >= new Version(4, 4, 0), $"the values below are those of chart 4.4+, not {version}");
        var values = Assert.IsType<YamlMappingNode>(Kustomize.Path(jaeger, "spec", "source", "helm", "valuesObject"));
        // Chart 4.4 dropped provisionDataStore (and the Cassandra/Elasticsearch/Kafka subcharts it switched).
        Assert.Equal(["fullnameOverride", "jaeger"], values.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order(StringComparer.Ordinal));
        Assert.Equal("true", At(values, "jaeger", "enabled"));
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
