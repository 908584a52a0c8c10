using k8s.Models;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// A service's pod and environment exactly as the rendered production overlay gives them: its ConfigMaps (<c>envFrom</c>)
/// with the container's own <c>env</c> on top. Secret references come back as <c>null</c> for the caller to fill in.
/// The committed overlay is rendered once; <see cref="Render"/> reads any other rendering (a copy with other robots).
/// </summary>
public static class ProductionConfiguration
{
    public const string Overlay = "argocd/overlays/production";

    private static readonly Lazy<List<RenderedDocument>> Rendered = new(() => Kustomize.Documents(Kustomize.Render(Overlay)));

    public static IReadOnlyList<RenderedDocument> Documents => Rendered.Value;

    /// <summary>The pod template of the workload <paramref name="name"/>: the api's StatefulSet, the frontend's Deployment.</summary>
    public static V1PodTemplateSpec PodTemplate(string name) => PodTemplate(Documents, name);

    public static V1Container Container(string name) => Container(Documents, name);

    public static Dictionary<string, string?> Environment(string name) => Environment(Documents, name);

    public static V1PodTemplateSpec PodTemplate(IReadOnlyList<RenderedDocument> documents, string name)
    {
        var workload = Assert.Single(documents, d => d.Kind is "Deployment" or "StatefulSet" && d.Name == name);
        return workload.Typed switch
        {
            V1Deployment deployment => deployment.Spec.Template,
            V1StatefulSet statefulSet => statefulSet.Spec.Template,
            _ => throw new InvalidCastException($"{workload.Kind}/{name} has no pod template"),
        };
    }

    public static V1Container Container(IReadOnlyList<RenderedDocument> documents, string name) =>
        Assert.Single(PodTemplate(documents, name).Spec.Containers);

    public static Dictionary<string, string?> Environment(IReadOnlyList<RenderedDocument> documents, string name)
    {
        var container = Container(documents, name);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var configMap = documents.Single(d => d.Kind == "ConfigMap" && d.Name == source.ConfigMapRef.Name).As<V1ConfigMap>();
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
