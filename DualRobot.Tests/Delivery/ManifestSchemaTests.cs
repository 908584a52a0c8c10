using System.Text.Json;
using System.Text.RegularExpressions;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// Every object that ships (aspirate-output/, the production and scale-out overlays, argocd/) validates against the pinned schemas of
/// .ci/schemas: the Kubernetes 1.36 API, Argo CD's Application and prometheus-operator's ServiceMonitor/PrometheusRule,
/// checked by <c>.ci/validate-manifests.mjs</c>.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class ManifestSchemaTests
{
    private const string Validator = ".ci/validate-manifests.mjs";

    private static ProcessResult Validate(params string[] files)
    {
        var node = Tools.Require(Tools.ManifestSchemas);
        return ProcessRunner.Run(node, [Validator, .. files], timeout: TimeSpan.FromMinutes(2), workingDirectory: RepositoryPaths.Root);
    }

    private static string WriteTemp(string directory, string name, string yaml)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    [RequiresToolFact(Tools.Kubectl, Tools.ManifestSchemas)]
    public void EveryShippedObject_ValidatesAgainstThePinnedSchemas()
    {
        var temp = Directory.CreateTempSubdirectory("dualrobot-schemas-");
        try
        {
            var aspirate = Kustomize.Render("aspirate-output");
            var overlay = Kustomize.Render("argocd/overlays/production");
            var scaleOut = Kustomize.Render(ScaleOutOverlayTests.Overlay);
            var argocd = Directory.EnumerateFiles(RepositoryPaths.Combine("argocd"), "*.yaml", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(RepositoryPaths.Combine("argocd"), f).StartsWith("overlays", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.Contains(argocd, f => f.EndsWith("root.yaml", StringComparison.Ordinal));
            Assert.Contains(argocd, f => f.EndsWith("argocd-cm.yaml", StringComparison.Ordinal));

            var expected = Kustomize.Documents(aspirate).Count + Kustomize.Documents(overlay).Count + Kustomize.Documents(scaleOut).Count + argocd.Count;
            var result = Validate([
                WriteTemp(temp.FullName, "aspirate-output.yaml", aspirate), WriteTemp(temp.FullName, "production.yaml", overlay),
                WriteTemp(temp.FullName, "scale-out.yaml", scaleOut), .. argocd]);

            Assert.True(result.ExitCode == 0, $"schema check failed:\n{result.StandardOutput}{result.StandardError}");
            Assert.Contains($"{expected} object(s), 0 finding(s)", result.StandardOutput);
            // The overlay's custom resources are among them, so their CRD schemas really were used.
            Assert.Contains("kind: ServiceMonitor", overlay);
            Assert.Contains("kind: PrometheusRule", overlay);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [RequiresToolFact(Tools.ManifestSchemas)]
    public void BrokenManifests_FailTheCheck_NamingEachObject()
    {
        var temp = Directory.CreateTempSubdirectory("dualrobot-schemas-");
        try
        {
            var broken = WriteTemp(temp.FullName, "broken.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: replicas-as-text}
                spec:
                  replicas: one
                  selector: {matchLabels: {app: x}}
                  template: {spec: {containers: [{name: x, image: "x:1", imagePullPolicy: Sometimes}]}}
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: retry-as-text, namespace: argocd}
                spec:
                  project: default
                  destination: {server: "https://kubernetes.default.svc"}
                  syncPolicy: {retry: {limit: ten}}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: endpoints-as-mapping}
                spec:
                  endpoints: {port: http}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: groups-as-text}
                spec:
                  groups: none
                ---
                apiVersion: example.com/v1
                kind: Gizmo
                metadata: {name: unknown-kind}
                """);

            var result = Validate(broken);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Deployment/replicas-as-text: data/spec/replicas must be integer", result.StandardOutput);
            Assert.Contains("imagePullPolicy must be equal to one of the allowed values", result.StandardOutput);
            Assert.Contains("Application/retry-as-text: data/spec/syncPolicy/retry/limit must be integer", result.StandardOutput);
            Assert.Contains("ServiceMonitor/endpoints-as-mapping:", result.StandardOutput);
            Assert.Contains("PrometheusRule/groups-as-text:", result.StandardOutput);
            Assert.Contains("Gizmo/unknown-kind: no schema", result.StandardOutput);
            Assert.Contains("5 object(s), 5 finding(s)", result.StandardOutput);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    [Fact]
    public void SchemaPackages_ArePinnedToExactVersions()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine(".ci", "schemas", "package.json")));
        var dependencies = package.RootElement.GetProperty("dependencies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(["@kubernetes-models/argo-cd", "@kubernetes-models/prometheus-operator", "kubernetes-models", "yaml"], dependencies.Keys.Order(StringComparer.Ordinal));
        Assert.All(dependencies.Values, v => Assert.Matches(ExactVersion(), v));
        // kubernetes-models 5.x carries the Kubernetes 1.36 API.
        Assert.StartsWith("5.", dependencies["kubernetes-models"], StringComparison.Ordinal);

        using var lockFile = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine(".ci", "schemas", "package-lock.json")));
        var packages = lockFile.RootElement.GetProperty("packages");
        foreach (var (name, version) in dependencies)
        {
            Assert.Equal(version, packages.GetProperty($"node_modules/{name}").GetProperty("version").GetString());
        }

        Assert.Contains("npm ci", File.ReadAllText(RepositoryPaths.Combine(".ci", "install-test-deps.sh")));
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex ExactVersion();
}
