using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The options of the committed <c>aspirate-output/</c>: exactly the command line in the README's Kubernetes section,
/// <c>aspirate generate --non-interactive --disable-secrets --disable-state --skip-build -m manifest.json
/// -o aspirate-output --output-format kustomize --image-pull-policy IfNotPresent --include-dashboard false
/// --container-registry ghcr.io/dualrobot --container-image-tag latest</c>.
/// </summary>
public sealed record AspirateOptions
{
    public string ContainerRegistry { get; init; } = "ghcr.io/dualrobot";
    public string ContainerRepositoryPrefix { get; init; } = "";
    public string ContainerImageTag { get; init; } = "latest";
    public string ImagePullPolicy { get; init; } = "IfNotPresent";
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public static AspirateOptions Committed { get; } = new();
}

/// <summary>The csproj properties Aspirate reads with <c>dotnet msbuild -getProperty</c>.</summary>
public sealed record ContainerProperties(string Registry, string Repository, string ImageName, string ImageTag);

/// <summary>
/// Aspirate 9.1's kustomize output (secrets, state and dashboard disabled, no namespace) re-implemented from the rules
/// in the project's format reference: one folder per deployable resource with deployment.yaml, service.yaml and
/// kustomization.yaml, plus the top-level kustomization.yaml. Returns relative path (with '/') → exact file text.
/// </summary>
public sealed class AspirateGenerator(AspirateOptions options, Func<string, ContainerProperties> readProjectProperties)
{
    private static readonly HashSet<string> ProjectTypes = ["project.v0", "project.v1"];
    private static readonly HashSet<string> ContainerTypes = ["container.v0", "container.v1", "dockerfile.v0"];
    private static readonly Regex Placeholder = new(@"\{([^{}]+)\}", RegexOptions.Compiled);

    private JsonObject resources = new();
    private string manifestDirectory = "";

    public SortedDictionary<string, string> Generate(JsonObject manifest, string manifestDirectory)
    {
        this.manifestDirectory = manifestDirectory;
        resources = manifest["resources"]?.AsObject() ?? throw new InvalidDataException("manifest has no 'resources'");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var folders = new List<string>();

        foreach (var (name, node) in resources)
        {
            var resource = node!.AsObject();
            var type = (string?)resource["type"] ?? "";
            if (!ProjectTypes.Contains(type) && !ContainerTypes.Contains(type))
            {
                continue; // parameters, values, executables, azure.*: no folder
            }

            if (resource["volumes"] is JsonArray { Count: > 0 })
            {
                throw new NotSupportedException(
                    $"'{name}' has volumes: Aspirate writes a statefulset.yaml for it, which this generator does not model yet.");
            }

            folders.Add(name);
            var isProject = ProjectTypes.Contains(type);
            var ports = Ports(name);
            var literals = Literals(name, resource, isProject);

            files[$"{name}/deployment.yaml"] = Deployment(name, resource, isProject, ports, literals.Count > 0);
            files[$"{name}/service.yaml"] = Service(name, ports);
            files[$"{name}/kustomization.yaml"] = ResourceKustomization(name, literals);
        }

        var top = new StringBuilder("resources:\n");
        foreach (var folder in folders)
        {
            top.Append("- ").Append(folder).Append('\n');
        }

        top.Append("\ngeneratorOptions:\n  disableNameSuffixHash: true\n\n\n");
        files["kustomization.yaml"] = top.ToString();
        return files;
    }

    private sealed record Port(string Name, int ContainerPort, int ServicePort);

    private List<Port> Ports(string name) =>
        Bindings(name).Select(b => new Port(b.Name, b.TargetPort, b.Port)).ToList();

    private sealed record Binding(string Name, string Scheme, string Protocol, int Port, int TargetPort);

    private List<Binding> Bindings(string resourceName)
    {
        var resource = resources[resourceName]?.AsObject()
            ?? throw new InvalidDataException($"placeholder names unknown resource '{resourceName}'");
        var list = new List<Binding>();
        var nextGenerated = 10000;
        foreach (var (bindingName, node) in resource["bindings"]?.AsObject() ?? new JsonObject())
        {
            var binding = node!.AsObject();
            int target;
            if (binding["targetPort"] is { } t)
            {
                target = (int)t;
            }
            else
            {
                target = bindingName switch
                {
                    "http" => 8080,
                    "https" => 8443,
                    _ => nextGenerated++,
                };
            }

            var port = binding["port"] is { } p ? (int)p : target;
            list.Add(new Binding(bindingName, (string?)binding["scheme"] ?? "", (string?)binding["protocol"] ?? "", port, target));
        }

        return list;
    }

    private List<string> Literals(string name, JsonObject resource, bool isProject)
    {
        var literals = new List<string>();
        foreach (var (key, value) in resource["env"]?.AsObject() ?? new JsonObject())
        {
            var resolved = Resolve((string?)value ?? "", depth: 0);
            if (resolved.Length > 0)
            {
                literals.Add($"{key}={resolved}");
            }
        }

        if (isProject)
        {
            literals.Add("ASPNETCORE_URLS=http://+:8080;");
        }

        return literals;
    }

    private string Resolve(string text, int depth)
    {
        if (depth > 10)
        {
            throw new InvalidDataException($"placeholder nesting too deep in '{text}'");
        }

        return Placeholder.Replace(text, match => ResolveOne(match.Groups[1].Value, depth));
    }

    private string ResolveOne(string expression, int depth)
    {
        var parts = expression.Split('.');
        var resourceName = parts[0];
        var resource = resources[resourceName]?.AsObject()
            ?? throw new InvalidDataException($"placeholder '{{{expression}}}' names unknown resource '{resourceName}'");

        if (parts is [_, "bindings", var bindingName, var property])
        {
            var binding = Bindings(resourceName).SingleOrDefault(b => b.Name == bindingName)
                ?? throw new InvalidDataException($"'{{{expression}}}': '{resourceName}' has no binding '{bindingName}'");
            return property switch
            {
                "host" => resourceName,
                "port" => binding.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "targetPort" => binding.TargetPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "scheme" => binding.Scheme,
                "url" => bindingName switch
                {
                    "http" => $"http://{resourceName}:{binding.TargetPort}",
                    "https" => "",
                    _ => binding.Protocol is "http" or "https"
                        ? $"{binding.Protocol}://{resourceName}:{binding.TargetPort}"
                        : $"{resourceName}:{binding.TargetPort}",
                },
                _ => throw new InvalidDataException($"'{{{expression}}}': unknown binding property '{property}'"),
            };
        }

        if (parts is [_, "value"])
        {
            if (options.Parameters.TryGetValue(resourceName, out var given))
            {
                return given;
            }

            var raw = (string?)resource["value"] ?? "";
            if (raw.Contains($"{{{resourceName}.inputs.", StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"parameter '{resourceName}' flows into the manifest env and needs a value (-pa {resourceName}=...); " +
                    "with --disable-secrets it would land in a ConfigMap in plain text, so keep secrets out of the published env.");
            }

            return Resolve(raw, depth + 1);
        }

        if (parts is [_, "connectionString"])
        {
            return Resolve((string?)resource["connectionString"] ?? "", depth + 1);
        }

        throw new InvalidDataException($"unsupported placeholder '{{{expression}}}'");
    }

    private string Image(string name, JsonObject resource, bool isProject)
    {
        if (!isProject)
        {
            return (string?)resource["image"] ?? throw new InvalidDataException($"container '{name}' has no image");
        }

        var csproj = Path.GetFullPath(Path.Combine(manifestDirectory, (string?)resource["path"] ?? ""));
        var properties = readProjectProperties(csproj);
        var registry = properties.Registry.Length > 0 ? properties.Registry : options.ContainerRegistry;
        var repository = properties.Repository.Length > 0 ? properties.Repository
            : properties.ImageName.Length > 0 ? properties.ImageName
            : name;
        var tag = properties.ImageTag.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() is { } projectTag ? projectTag
            : options.ContainerImageTag.Length > 0 ? options.ContainerImageTag
            : "latest";

        var path = string.Join('/', new[] { registry, options.ContainerRepositoryPrefix, repository }
            .SelectMany(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries)));
        return $"{path}:{tag}";
    }

    private string Deployment(string name, JsonObject resource, bool isProject, List<Port> ports, bool hasConfigMap)
    {
        var annotations = resource["annotations"]?.AsObject().Select(a => (a.Key, Value: (string?)a.Value ?? "")).ToList() ?? [];
        var sb = new StringBuilder();

        // The manifest's annotations go on the Deployment and again on its pod template.
        void AppendAnnotations(string indent)
        {
            if (annotations.Count == 0)
            {
                return;
            }

            sb.Append(indent).Append("annotations:\n");
            foreach (var (key, value) in annotations)
            {
                sb.Append(indent).Append("  ").Append(key).Append(": ").Append(value).Append('\n');
            }
        }

        sb.Append("---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n");
        sb.Append("  name: ").Append(name).Append('\n');
        sb.Append("  labels:\n    app: ").Append(name).Append('\n');
        AppendAnnotations(indent: "  ");

        sb.Append("spec:\n  minReadySeconds: 60\n  replicas: 1\n  selector:\n    matchLabels:\n      app: ").Append(name).Append('\n');
        sb.Append("  strategy:\n    type: Recreate\n  template:\n    metadata:\n      labels:\n        app: ").Append(name).Append('\n');
        AppendAnnotations(indent: "      ");

        sb.Append("    spec:\n      containers:\n");
        sb.Append("      - name: ").Append(name).Append('\n');
        sb.Append("        image: ").Append(Image(name, resource, isProject)).Append('\n');
        sb.Append("        imagePullPolicy: ").Append(options.ImagePullPolicy).Append('\n');
        if ((string?)resource["entrypoint"] is { Length: > 0 } entrypoint)
        {
            sb.Append("        command:\n          - ").Append(entrypoint).Append('\n');
        }

        if (resource["args"] is JsonArray { Count: > 0 } args)
        {
            sb.Append("        args:\n");
            foreach (var arg in args)
            {
                sb.Append("        - ").Append(Resolve((string?)arg ?? "", 0)).Append('\n');
            }
        }

        if (ports.Count > 0)
        {
            sb.Append("        ports:\n");
            foreach (var port in ports)
            {
                sb.Append("        - name: ").Append(port.Name).Append('\n');
                sb.Append("          containerPort: ").Append(port.ContainerPort).Append('\n');
            }
        }

        if (hasConfigMap)
        {
            sb.Append("        envFrom:\n        - configMapRef:\n            name: ").Append(name).Append("-env\n");
        }

        sb.Append("      terminationGracePeriodSeconds: 180"); // Aspirate writes no final newline here
        return sb.ToString();
    }

    private static string Service(string name, List<Port> ports)
    {
        if (ports.Count == 0)
        {
            return ""; // Aspirate writes an empty service.yaml and still lists it
        }

        var sb = new StringBuilder();
        sb.Append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ").Append(name).Append('\n');
        sb.Append("spec:\n  type: ClusterIP\n  selector:\n    app: ").Append(name).Append('\n');
        sb.Append("  ports:\n");
        foreach (var port in ports)
        {
            sb.Append("  - name: ").Append(port.Name).Append('\n');
            sb.Append("    port: ").Append(port.ServicePort).Append('\n');
            sb.Append("    targetPort: ").Append(port.ContainerPort).Append('\n');
        }

        return sb.ToString();
    }

    private static string ResourceKustomization(string name, List<string> literals)
    {
        var sb = new StringBuilder();
        sb.Append("resources:\n- deployment.yaml\n- service.yaml\n\ngeneratorOptions:\n  disableNameSuffixHash: true\n\n");
        if (literals.Count == 0)
        {
            sb.Append('\n');
            return sb.ToString();
        }

        sb.Append("configMapGenerator:\n- name: ").Append(name).Append("-env\n  literals:\n");
        foreach (var literal in literals)
        {
            sb.Append("    - ").Append(literal).Append('\n');
        }

        sb.Append('\n');
        return sb.ToString();
    }
}
