using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Observability;

/// <summary>
/// argocd/overlays/production/observability holds copies of the AppHost's dashboard and alert rules (kustomize cannot
/// read outside its folder); these tests keep them from drifting.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class KubernetesObservabilityTests
{
    private static string Dir => RepoFiles.KubernetesDir;

    [Fact]
    public void DashboardCopy_EqualsTheAppHostsDashboard()
    {
        var copy = File.ReadAllText(Path.Combine(Dir, "dual-robot.json"));
        var original = File.ReadAllText(RepoFiles.Dashboard);

        Assert.True(copy == original,
            "argocd/overlays/production/observability/dual-robot.json differs from DualRobot.AppHost/observability/grafana/dashboards/dual-robot.json; " +
            "copy the AppHost's file over it.");
    }

    [Fact]
    public void PrometheusRuleGroups_EqualAlertsYml()
    {
        var rule = LoadYaml(Path.Combine(Dir, "prometheusrule.yaml"));
        var alerts = LoadYaml(RepoFiles.Alerts);

        Assert.Equal("monitoring.coreos.com/v1", (string?)rule["apiVersion"]);
        Assert.Equal("PrometheusRule", (string?)rule["kind"]);
        Assert.Equal("prometheus", (string?)rule["metadata"]!["labels"]!["release"]);
        Assert.True(JsonNode.DeepEquals(rule["spec"]!["groups"], alerts["groups"]),
            "spec.groups of prometheusrule.yaml differ from the groups of DualRobot.AppHost/observability/prometheus/alerts.yml.");
    }

    [Fact]
    public void Kustomization_GeneratesTheDashboardConfigMap_AndIncludesTheRule()
    {
        var kustomization = LoadYaml(Path.Combine(Dir, "kustomization.yaml"));

        Assert.Contains("prometheusrule.yaml", kustomization["resources"]!.AsArray().Select(r => (string?)r));
        var generator = Assert.Single(kustomization["configMapGenerator"]!.AsArray())!;
        Assert.Equal(["dual-robot.json"], generator["files"]!.AsArray().Select(f => (string?)f));
        Assert.Equal("1", (string?)generator["options"]!["labels"]!["grafana_dashboard"]);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public async Task KubectlKustomize_RendersTheConfigMapAndTheRule()
    {
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(Tools.Require(Tools.Kubectl), ["kustomize", Dir]);
        Assert.True(exit == 0, $"kubectl kustomize exited {exit}:\n{stderr}");

        var documents = new YamlStream();
        documents.Load(new StringReader(stdout));
        var objects = documents.Documents.Select(d => ToJson(d.RootNode)!.AsObject()).ToList();
        var configMap = Assert.Single(objects, o => (string?)o["kind"] == "ConfigMap");
        Assert.Equal("1", (string?)configMap["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse((string)configMap["data"]!["dual-robot.json"]!),
            JsonNode.Parse(File.ReadAllText(RepoFiles.Dashboard))));
        var rule = Assert.Single(objects, o => (string?)o["kind"] == "PrometheusRule");
        Assert.True(JsonNode.DeepEquals(rule["spec"]!["groups"], LoadYaml(RepoFiles.Alerts)["groups"]));
    }

    private static JsonObject LoadYaml(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        return ToJson(yaml.Documents[0].RootNode)!.AsObject();
    }

    /// <summary>YAML as JSON with every scalar a string: equal files give equal trees whatever their formatting.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
