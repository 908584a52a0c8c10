namespace DualRobot.Tests.Observability;

/// <summary>promtool on the alert rules, their unit tests and the AppHost's Prometheus configuration.</summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class AlertRulesTests
{
    [RequiresToolFact(Tools.Promtool)]
    public async Task PromtoolCheckRules_ExitsZero()
    {
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(Tools.Require(Tools.Promtool), ["check", "rules", RepoFiles.Alerts]);

        Assert.True(exit == 0, $"promtool check rules exited {exit}:\n{stdout}\n{stderr}");
        Assert.Contains("4 rules found", stdout, StringComparison.Ordinal);
    }

    [RequiresToolFact(Tools.Promtool)]
    public async Task PromtoolTestRules_ExitsZero()
    {
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(Tools.Require(Tools.Promtool), ["test", "rules", "alerts.test.yml"],
            workingDirectory: RepoFiles.PrometheusDir);

        Assert.True(exit == 0, $"promtool test rules exited {exit}:\n{stdout}\n{stderr}");
    }

    [Fact]
    public void EveryAlert_HasAUnitTest()
    {
        var tested = File.ReadAllText(RepoFiles.AlertsTest);

        foreach (var (alert, _) in PromQl.AlertExpressions(RepoFiles.Alerts))
        {
            Assert.Contains($"alertname: {alert}", tested, StringComparison.Ordinal);
        }
    }

    /// <summary>The container's config as start.sh renders it, with the rule file at its path in this checkout.</summary>
    [RequiresToolFact(Tools.Promtool)]
    public async Task AppHostPrometheusConfig_IsValid_AndLoadsTheAlertRules()
    {
        var template = File.ReadAllText(RepoFiles.PrometheusConfigTemplate);
        Assert.Contains("- /etc/dualrobot/alerts.yml", template, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("dualrobot-promcfg-").FullName;
        try
        {
            File.Copy(RepoFiles.Alerts, Path.Combine(directory, "alerts.yml"));
            File.WriteAllText(Path.Combine(directory, "prometheus.yml"), template
                .Replace("/etc/dualrobot/alerts.yml", "alerts.yml", StringComparison.Ordinal)
                .Replace("SCRAPE_TARGET_API", "api:8080", StringComparison.Ordinal)
                .Replace("SCRAPE_TARGET_FRONTEND", "frontend:8080", StringComparison.Ordinal));

            var (exit, stdout, stderr) = await ProcessRunner.RunAsync(Tools.Require(Tools.Promtool),
                ["check", "config", "prometheus.yml"], workingDirectory: directory);

            Assert.True(exit == 0, $"promtool check config exited {exit}:\n{stdout}\n{stderr}");
            Assert.Contains("1 rule files found", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void EveryAlert_HasSeverityAndAnnotations()
    {
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        using (var reader = new StreamReader(RepoFiles.Alerts))
        {
            yaml.Load(reader);
        }

        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        var rules = ((YamlDotNet.RepresentationModel.YamlSequenceNode)root["groups"])
            .Cast<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .SelectMany(g => ((YamlDotNet.RepresentationModel.YamlSequenceNode)g["rules"]).Cast<YamlDotNet.RepresentationModel.YamlMappingNode>())
            .ToList();

        Assert.Equal(4, rules.Count);
        foreach (var rule in rules)
        {
            var labels = (YamlDotNet.RepresentationModel.YamlMappingNode)rule["labels"];
            var annotations = (YamlDotNet.RepresentationModel.YamlMappingNode)rule["annotations"];
            Assert.Contains(((YamlDotNet.RepresentationModel.YamlScalarNode)labels["severity"]).Value, new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(((YamlDotNet.RepresentationModel.YamlScalarNode)annotations["summary"]).Value));
            Assert.False(string.IsNullOrWhiteSpace(((YamlDotNet.RepresentationModel.YamlScalarNode)annotations["description"]).Value));
        }
    }
}
