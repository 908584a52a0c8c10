using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Delivery;

/// <summary>One rendered document: its identity, its generic YAML tree and, for built-in kinds, the typed object.</summary>
public sealed record RenderedDocument(string ApiVersion, string Kind, string Name, string? Namespace, YamlMappingNode Yaml, object? Typed, string Text)
{
    public T As<T>() => Typed is T typed ? typed : throw new InvalidCastException($"{Kind}/{Name} is {Typed?.GetType().Name ?? "untyped"}, not {typeof(T).Name}");
}

public static class Kustomize
{
    /// <summary>Built-in kinds deserialized strictly (unknown fields fail) into the official KubernetesClient models.</summary>
    private static readonly Dictionary<string, Func<string, object>> Typed = new(StringComparer.Ordinal)
    {
        ["apps/v1/Deployment"] = y => KubernetesYaml.Deserialize<V1Deployment>(y, strict: true),
        ["apps/v1/StatefulSet"] = y => KubernetesYaml.Deserialize<V1StatefulSet>(y, strict: true),
        ["v1/Service"] = y => KubernetesYaml.Deserialize<V1Service>(y, strict: true),
        ["v1/ConfigMap"] = y => KubernetesYaml.Deserialize<V1ConfigMap>(y, strict: true),
        ["v1/Secret"] = y => KubernetesYaml.Deserialize<V1Secret>(y, strict: true),
        ["v1/PersistentVolumeClaim"] = y => KubernetesYaml.Deserialize<V1PersistentVolumeClaim>(y, strict: true),
        ["v1/Namespace"] = y => KubernetesYaml.Deserialize<V1Namespace>(y, strict: true),
        ["v1/ServiceAccount"] = y => KubernetesYaml.Deserialize<V1ServiceAccount>(y, strict: true),
        ["v1/Pod"] = y => KubernetesYaml.Deserialize<V1Pod>(y, strict: true),
        ["policy/v1/PodDisruptionBudget"] = y => KubernetesYaml.Deserialize<V1PodDisruptionBudget>(y, strict: true),
        ["networking.k8s.io/v1/NetworkPolicy"] = y => KubernetesYaml.Deserialize<V1NetworkPolicy>(y, strict: true),
        ["networking.k8s.io/v1/Ingress"] = y => KubernetesYaml.Deserialize<V1Ingress>(y, strict: true),
    };

    /// <summary>Custom resources this repository ships; checked as generic YAML.</summary>
    private static readonly HashSet<string> KnownCustomResources =
    [
        "monitoring.coreos.com/v1/ServiceMonitor",
        "monitoring.coreos.com/v1/PodMonitor",
        "monitoring.coreos.com/v1/PrometheusRule",
        "argoproj.io/v1alpha1/Application",
    ];

    /// <summary><c>kubectl kustomize &lt;dir&gt;</c> (relative to the repository root); fails the test on a non-zero exit.</summary>
    public static string Render(string directory)
    {
        var kubectl = Tools.Require(Tools.Kubectl);
        var result = ProcessRunner.Run(kubectl, ["kustomize", directory], timeout: TimeSpan.FromMinutes(1), workingDirectory: RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, $"kubectl kustomize {directory} failed: {result}");
        Assert.False(string.IsNullOrWhiteSpace(result.StandardOutput), $"kubectl kustomize {directory} rendered nothing");
        return result.StandardOutput;
    }

    /// <summary>Splits a multi-document YAML stream; every document must be a known kind and deserialize.</summary>
    public static List<RenderedDocument> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var texts = SplitDocuments(yaml);
        Assert.Equal(stream.Documents.Count, texts.Count);

        var documents = new List<RenderedDocument>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            var root = Assert.IsType<YamlMappingNode>(stream.Documents[i].RootNode);
            var apiVersion = Scalar(root, "apiVersion") ?? throw new InvalidDataException($"document {i} has no apiVersion");
            var kind = Scalar(root, "kind") ?? throw new InvalidDataException($"document {i} has no kind");
            var metadata = Assert.IsType<YamlMappingNode>(root.Children[new YamlScalarNode("metadata")]);
            var name = Scalar(metadata, "name") ?? throw new InvalidDataException($"{kind} #{i} has no metadata.name");
            var key = $"{apiVersion}/{kind}";

            object? typed = null;
            if (Typed.TryGetValue(key, out var deserialize))
            {
                typed = deserialize(texts[i]);
            }
            else
            {
                Assert.True(KnownCustomResources.Contains(key), $"{key} {name}: not a kind these tests know how to check");
                Assert.True(root.Children.ContainsKey(new YamlScalarNode("spec")), $"{kind}/{name} has no spec");
            }

            documents.Add(new RenderedDocument(apiVersion, kind, name, Scalar(metadata, "namespace"), root, typed, texts[i]));
        }

        return documents;
    }

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    public static YamlNode? Path(YamlNode node, params string[] keys)
    {
        var current = node;
        foreach (var key in keys)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static List<string> SplitDocuments(string yaml)
    {
        var documents = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.TrimEnd() == "---")
            {
                if (current.ToString().Trim().Length > 0)
                {
                    documents.Add(current.ToString());
                }

                current.Clear();
                continue;
            }

            current.Append(line).Append('\n');
        }

        if (current.ToString().Trim().Length > 0)
        {
            documents.Add(current.ToString());
        }

        return documents;
    }
}
