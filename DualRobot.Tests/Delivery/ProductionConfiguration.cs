using k8s.Models;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// A service's environment exactly as the rendered production overlay gives it: its ConfigMap (<c>envFrom</c>) with
/// the container's own <c>env</c> on top. Secret references come back as <c>null</c> for the caller to fill in.
/// </summary>
public static class ProductionConfiguration
{
    public const string Overlay = "argocd/overlays/production";

    private static readonly Lazy<List<RenderedDocument>> Rendered = new(() => Kustomize.Documents(Kustomize.Render(Overlay)));

    public static IReadOnlyList<RenderedDocument> Documents => Rendered.Value;

    public static V1Container Container(string deployment) =>
        Assert.Single(Documents.Single(d => d.Kind == "Deployment" && d.Name == deployment).As<V1Deployment>().Spec.Template.Spec.Containers);

    public static Dictionary<string, string?> Environment(string deployment)
    {
        var container = Container(deployment);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var configMap = Documents.Single(d => d.Kind == "ConfigMap" && d.Name == source.ConfigMapRef.Name).As<V1ConfigMap>();
            foreach (var (key, value) in configMap.Data)
            {
                environment[key] = value;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = variable.ValueFrom is null ? variable.Value : null;
        }

        return environment;
    }
}
