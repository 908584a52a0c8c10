using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.RepresentationModel;
using ServiceDefaults = Microsoft.Extensions.Hosting.Extensions;

namespace DualRobot.Tests.Delivery;

/// <summary>The production overlay, rendered once by <c>kubectl kustomize</c> and checked as typed Kubernetes objects.</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class ProductionOverlayTests
{
    private static IReadOnlyList<RenderedDocument> Documents => ProductionConfiguration.Documents;

    private static V1Deployment Deployment(string name) =>
        Documents.Single(d => d.Kind == "Deployment" && d.Name == name).As<V1Deployment>();

    private static V1StatefulSet StatefulSet(string name) =>
        Documents.Single(d => d.Kind == "StatefulSet" && d.Name == name).As<V1StatefulSet>();

    private static V1PodSpec Pod(string name) => ProductionConfiguration.PodTemplate(name).Spec;

    private static V1Container Container(string name) => ProductionConfiguration.Container(name);

    [RequiresToolFact(Tools.Kubectl)]
    public void Overlay_RendersOnlyExpectedObjects_AllInTheDualrobotNamespace()
    {
        Assert.Equal(
            ["ConfigMap/api-config-<hash>", "ConfigMap/api-robots-<hash>", "ConfigMap/dualrobot-grafana-dashboard", "ConfigMap/frontend-config-<hash>", "Deployment/frontend",
             "NetworkPolicy/api", "NetworkPolicy/api-pigpiod-linus", "NetworkPolicy/api-pigpiod-torvalds", "NetworkPolicy/frontend",
             "PersistentVolumeClaim/api-audit", "PersistentVolumeClaim/frontend-keys", "PrometheusRule/dualrobot", "Service/api", "Service/frontend", "Service/frontend-public", "ServiceMonitor/dualrobot", "StatefulSet/api"],
            Documents.Select(d => $"{d.Kind}/{HashSuffix().Replace(d.Name, "-<hash>")}").Order(StringComparer.Ordinal));
        Assert.All(Documents, d => Assert.Equal("dualrobot", d.Namespace));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Api_IsAStatefulSetOfOnePod_WhoseReplicasAllMountTheOneAuditClaim()
    {
        // A StatefulSet never starts api-0 while the old api-0 may still run (a Deployment does, on a lost node), and
        // replaces its pod only after the old one is gone.
        var spec = StatefulSet("api").Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("RollingUpdate", spec.UpdateStrategy.Type);
        Assert.Equal("OrderedReady", spec.PodManagementPolicy);
        Assert.Equal("api", spec.ServiceName);
        Assert.Equal("api", spec.Selector.MatchLabels["app"]);
        Assert.Equal("api", spec.Template.Metadata.Labels["app"]);

        // Not a claim per replica: a second replica reaches the same audit trail, and its lock (RobotOwnership), so it
        // cannot drive the robots too.
        Assert.Null(spec.VolumeClaimTemplates);
        Assert.Contains(spec.Template.Spec.Volumes, v => v.PersistentVolumeClaim?.ClaimName == "api-audit");

        // Aspirate's Deployment is the template's source, and is not deployed itself.
        Assert.DoesNotContain(Documents, d => d.Kind == "Deployment" && d.Name == "api");
        Assert.Equal(180, spec.Template.Spec.TerminationGracePeriodSeconds);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Frontend_KeepsItsKeyRingOnAVolume_AndIsReplacedNotRolled()
    {
        var spec = Deployment("frontend").Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("Recreate", spec.Strategy.Type); // a ReadWriteOnce volume cannot be shared by an old and a new pod

        var path = Assert.Single(Container("frontend").Env, e => e.Name == "KeyRing__Path").Value;
        var mount = Assert.Single(Container("frontend").VolumeMounts, m => m.MountPath == path);
        var claim = Assert.Single(spec.Template.Spec.Volumes, v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName;
        var volume = Documents.Single(d => d.Kind == "PersistentVolumeClaim" && d.Name == claim).As<V1PersistentVolumeClaim>();
        Assert.Equal(["ReadWriteOnce"], volume.Spec.AccessModes);
        Assert.False(mount.ReadOnlyProperty ?? false);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Api_KeepsItsAuditTrailOnAVolume()
    {
        var path = Assert.Single(Container("api").Env, e => e.Name == "Audit__Path").Value;
        var mount = Assert.Single(Container("api").VolumeMounts, m => path.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var claim = Assert.Single(Pod("api").Volumes, v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName;
        var volume = Documents.Single(d => d.Kind == "PersistentVolumeClaim" && d.Name == claim).As<V1PersistentVolumeClaim>();
        Assert.Equal(["ReadWriteOnce"], volume.Spec.AccessModes);
        Assert.False(mount.ReadOnlyProperty ?? false);
        Assert.Equal("Delete=false", volume.Metadata.Annotations["argocd.argoproj.io/sync-options"]);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Probes_UseTheEndpointsServiceDefaultsMaps()
    {
        Assert.Equal("/health", ServiceDefaults.HealthEndpointPath);
        Assert.Equal("/alive", ServiceDefaults.AlivenessEndpointPath);

        foreach (var name in new[] { "api", "frontend" })
        {
            var container = Container(name);
            Assert.Equal(ServiceDefaults.HealthEndpointPath, container.ReadinessProbe.HttpGet.Path);
            Assert.Equal(ServiceDefaults.AlivenessEndpointPath, container.LivenessProbe.HttpGet.Path);
            Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
            Assert.Equal("http", container.LivenessProbe.HttpGet.Port.Value);
            Assert.Contains(container.Ports, p => p.Name == "http" && p.ContainerPort == 8080);
        }
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Frontend_IsStartedOnlyOnceItsTlsPortServesTheConsole()
    {
        // ProductionConsoleTests shows the console's https port answering this page with 200 under this configuration.
        var probe = Container("frontend").StartupProbe.HttpGet;
        Assert.Equal(("HTTPS", "8443", "/Account/SignIn"), (probe.Scheme, probe.Port.Value, probe.Path));
        Assert.Contains(Container("frontend").Ports, p => p.ContainerPort == 8443);
        var host = Assert.Single(probe.HttpHeaders, h => h.Name == "Host").Value;
        Assert.Contains(host, ProductionConfiguration.Environment("frontend")["AllowedHosts"]!.Split(';'));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Pods_AreHardened()
    {
        foreach (var name in new[] { "api", "frontend" })
        {
            var pod = Pod(name);
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
            Assert.False(pod.AutomountServiceAccountToken);

            var container = Container(name);
            Assert.True(container.SecurityContext.RunAsNonRoot);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Equal("RuntimeDefault", container.SecurityContext.SeccompProfile.Type);

            Assert.NotNull(container.Resources.Requests["cpu"]);
            Assert.NotNull(container.Resources.Requests["memory"]);
            Assert.NotNull(container.Resources.Limits["cpu"]);
            Assert.NotNull(container.Resources.Limits["memory"]);

            var tmp = Assert.Single(container.VolumeMounts, m => m.MountPath == "/tmp");
            Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == tmp.Name).EmptyDir);
        }
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void PodTemplates_CarryPrometheusAnnotations_WithANumericPort()
    {
        foreach (var name in new[] { "api", "frontend" })
        {
            var annotations = ProductionConfiguration.PodTemplate(name).Metadata.Annotations;
            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Equal(ServiceDefaults.MetricsEndpointPath, annotations["prometheus.io/path"]);
            Assert.Equal("8080", annotations["prometheus.io/port"]);
        }
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Secrets_AreReferencedByName_NeverInline()
    {
        Assert.DoesNotContain(Documents, d => d.Kind == "Secret");

        var expected = new Dictionary<string, (string Env, string Key)[]>
        {
            ["api"] = [("Control__ApiKey", "api-key")],
            ["frontend"] = [("Control__ApiKey", "api-key"), ("Operators__Password", "operator-password")],
        };
        foreach (var (name, references) in expected)
        {
            var env = Container(name).Env;
            foreach (var (variable, key) in references)
            {
                var entry = Assert.Single(env, e => e.Name == variable);
                Assert.Null(entry.Value);
                Assert.Equal("dualrobot-secrets", entry.ValueFrom.SecretKeyRef.Name);
                Assert.Equal(key, entry.ValueFrom.SecretKeyRef.Key);
            }
        }

        // Nothing secret may arrive through the generated ConfigMaps either.
        foreach (var configMap in Documents.Where(d => d.Kind == "ConfigMap").Select(d => d.As<V1ConfigMap>()))
        {
            Assert.DoesNotContain(configMap.Data.Keys, k => k is "Control__ApiKey" or "Operators__Password");
            Assert.DoesNotContain(configMap.Data.Keys, k => k.Contains("password", StringComparison.OrdinalIgnoreCase));
        }
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Services_SendTracesToJaeger_UnderTheirOwnNames()
    {
        foreach (var name in new[] { "api", "frontend" })
        {
            var env = Container(name).Env;
            // Jaeger takes traces only: the trace-only Jaeger exporter, not OTEL_EXPORTER_OTLP_ENDPOINT, which would
            // also send metrics and logs there and fail.
            Assert.DoesNotContain(env, e => e.Name == "OTEL_EXPORTER_OTLP_ENDPOINT");
            var endpoint = new Uri(Assert.Single(env, e => e.Name == "Jaeger__Endpoint").Value);
            Assert.Equal("jaeger.observability.svc.cluster.local", endpoint.Host);
            Assert.Equal(4317, endpoint.Port);
            Assert.Equal(name, Assert.Single(env, e => e.Name == "OTEL_SERVICE_NAME").Value);
        }
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Frontend_IsExposedByALoadBalancerOnPort5001_OverHttpsOnly()
    {
        var service = Documents.Single(d => d.Kind == "Service" && d.Name == "frontend-public").As<V1Service>();
        Assert.Equal("LoadBalancer", service.Spec.Type);
        Assert.Equal("Local", service.Spec.ExternalTrafficPolicy); // client addresses reach the sign-in throttle
        Assert.Equal("frontend", service.Spec.Selector["app"]);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(5001, port.Port);
        Assert.Equal("8443", port.TargetPort.Value); // Kestrel's https Console endpoint (SecurityOverlayTests)

        // The in-cluster Services stay as Aspirate wrote them.
        Assert.All(Documents.Where(d => d.Kind == "Service" && d.Name is "api" or "frontend"),
            d => Assert.Equal("ClusterIP", d.As<V1Service>().Spec.Type));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void FrontendPublic_WithoutALoadBalancer_FallsBackToAFixedNodePort_AndLeavesTheApplicationHealthy()
    {
        var service = Documents.Single(d => d.Kind == "Service" && d.Name == "frontend-public").As<V1Service>();

        // A LoadBalancer Service has a node port as well: fixed, the docs can name it (https://<node>:30443).
        Assert.Equal(30443, Assert.Single(service.Spec.Ports).NodePort);
        Assert.Contains("30443", File.ReadAllText(RepositoryPaths.Combine("docs", "kubernetes.md")), StringComparison.Ordinal);
        // Without a load-balancer controller the Service never gets an address, which Argo CD reports as Progressing:
        // left out of the Application's health (Argo CD 3.1's controller/health.go skips a resource so annotated).
        Assert.Equal("true", service.Metadata.Annotations["argocd.argoproj.io/ignore-healthcheck"]);
        Assert.All(Documents.Where(d => d.Name != "frontend-public"),
            d => Assert.DoesNotContain("argocd.argoproj.io/ignore-healthcheck", d.Text, StringComparison.Ordinal));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void ServiceMonitor_ScrapesBothServices_Every15Seconds()
    {
        var monitor = Documents.Single(d => d.Kind == "ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", monitor.ApiVersion);
        Assert.Equal("prometheus", Kustomize.Scalar((YamlMappingNode)Kustomize.Path(monitor.Yaml, "metadata", "labels")!, "release"));

        var endpoint = Assert.Single(((YamlSequenceNode)Kustomize.Path(monitor.Yaml, "spec", "endpoints")!).Children.Cast<YamlMappingNode>());
        Assert.Equal("http", Kustomize.Scalar(endpoint, "port"));
        Assert.Equal("/metrics", Kustomize.Scalar(endpoint, "path"));
        Assert.Equal("15s", Kustomize.Scalar(endpoint, "interval"));

        var selector = (YamlMappingNode)Kustomize.Path(monitor.Yaml, "spec", "selector")!;
        var services = Documents.Where(d => d.Kind == "Service").Select(d => d.As<V1Service>()).ToList();
        var selected = services.Where(s => Selects(selector, s.Metadata.Labels ?? new Dictionary<string, string>()))
            .Select(s => s.Metadata.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["api", "frontend"], selected);
        Assert.All(services.Where(s => s.Metadata.Name is "api" or "frontend"),
            s => Assert.Contains(s.Spec.Ports, p => p.Name == "http"));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Images_ArePinnedToTheirShaTagOrDigest_NeverLatest()
    {
        foreach (var name in new[] { "api", "frontend" })
        {
            var container = Container(name);
            Assert.Matches($@"^ghcr\.io/dualrobot/dualrobot-{name}(:sha-[0-9a-f]{{7,40}}|@sha256:[0-9a-f]{{64}})$", container.Image);
            Assert.DoesNotContain(":latest", container.Image, StringComparison.Ordinal);
            // An immutable reference never changes content, so the node's copy is as good as the registry's.
            Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        }
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Services_ExposeOnlyPortsAContainerListensOn()
    {
        foreach (var name in new[] { "api", "frontend" })
        {
            // Every declared container port is one Kestrel listens on; the api's https 8443 from Aspirate is not.
            var container = Container(name);
            Assert.Subset(ListeningPorts(name), container.Ports.Select(p => p.ContainerPort).ToHashSet());
            Assert.Contains(container.Ports, p => p.Name == "http" && p.ContainerPort == 8080);

            // Every port of every Service selecting these pods leads to one of those container ports.
            foreach (var service in Documents.Where(d => d.Kind == "Service").Select(d => d.As<V1Service>()).Where(s => s.Spec.Selector["app"] == name))
            {
                Assert.All(service.Spec.Ports, port => Assert.Contains(container.Ports, p =>
                    p.Name == port.TargetPort.Value || p.ContainerPort.ToString(CultureInfo.InvariantCulture) == port.TargetPort.Value));
            }
        }

        // Aspirate's in-cluster Services carry no https port: the console's https leaves only through frontend-public.
        var servicePorts = Documents.Where(d => d.Kind == "Service" && d.Name is "api" or "frontend").SelectMany(d => d.As<V1Service>().Spec.Ports).ToList();
        Assert.DoesNotContain(servicePorts, p => p.Port == 8443 || p.Name == "https");
        Assert.DoesNotContain(Container("api").Ports, p => p.ContainerPort == 8443);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Settings_ReachThePodsThroughAConfigMapNamedByItsContent()
    {
        foreach (var name in new[] { "api", "frontend" })
        {
            var reference = Container(name).EnvFrom[0].ConfigMapRef.Name;
            Assert.Matches($"^{name}-config-[a-z0-9]{{10}}$", reference);
            var configMap = Documents.Single(d => d.Kind == "ConfigMap" && d.Name == reference).As<V1ConfigMap>();
            Assert.Equal("8080", configMap.Data["HTTP_PORTS"]);
        }

        // The api's robots (robots.env) come second, hashed the same way.
        Assert.Equal(2, Container("api").EnvFrom.Count);
        Assert.Matches("^api-robots-[a-z0-9]{10}$", Container("api").EnvFrom[1].ConfigMapRef.Name);
        Assert.Single(Container("frontend").EnvFrom);

        // Aspirate's unhashed originals are not deployed: nothing would read them.
        Assert.DoesNotContain(Documents, d => d.Kind == "ConfigMap" && d.Name is "api-env" or "frontend-env");
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void ChangedSetting_ChangesThePodTemplate_SoThePodsAreReplaced()
    {
        using var copy = new OverlayCopy();
        var before = EnvFromNames(copy.Render());

        var settings = Path.Combine(copy.AspirateOutput, "api", "kustomization.yaml");
        var text = File.ReadAllText(settings);
        Assert.Contains("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=in_memory", text);
        File.WriteAllText(settings, text.Replace("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=in_memory", "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY=disk", StringComparison.Ordinal));
        var after = EnvFromNames(copy.Render());

        Assert.NotEqual(before["api"], after["api"]);
        Assert.Equal(before["frontend"], after["frontend"]); // only the changed service restarts

        // A changed robot (robots.env) restarts the api too.
        var robots = Path.Combine(copy.Production, "robots.env");
        copy.WriteRobots(File.ReadAllText(robots).Replace("Robots__Linus__Port=8888", "Robots__Linus__Port=8889", StringComparison.Ordinal));
        var afterRobots = EnvFromNames(copy.Render());
        Assert.NotEqual(after["api"], afterRobots["api"]);
        Assert.Equal(after["frontend"], afterRobots["frontend"]);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void ListeningUrl_HasOneSource_HttpPorts()
    {
        string[] listeningKeys = ["HTTP_PORTS", "HTTPS_PORTS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "URLS", "ASPNETCORE_URLS", "DOTNET_URLS"];
        foreach (var name in new[] { "api", "frontend" })
        {
            var container = Container(name);
            var settings = Settings(name).Keys.Concat(container.Env.Select(e => e.Name)).Where(k => listeningKeys.Contains(k, StringComparer.OrdinalIgnoreCase));
            // One setting per kind of port: the frontend adds its console's HTTPS_PORTS (frontend-tls.yaml).
            Assert.Equal(name == "frontend" ? ["HTTP_PORTS", "HTTPS_PORTS"] : ["HTTP_PORTS"], settings);
            Assert.Contains(8080, ListeningPorts(name));
        }
    }

    private static IDictionary<string, string> Settings(string name) =>
        Documents.Single(d => d.Kind == "ConfigMap" && d.Name == Container(name).EnvFrom[0].ConfigMapRef.Name).As<V1ConfigMap>().Data;

    /// <summary>HTTP_PORTS from the ConfigMap, and HTTPS_PORTS where the container sets it (the console's TLS port).</summary>
    private static HashSet<int> ListeningPorts(string name) =>
        Settings(name)["HTTP_PORTS"].Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Concat((Container(name).Env ?? []).Where(e => e.Name == "HTTPS_PORTS").SelectMany(e => e.Value.Split(';', StringSplitOptions.RemoveEmptyEntries)))
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToHashSet();

    [RequiresToolFact(Tools.Kubectl)]
    public void FrontendKeys_SurviveDeletingTheApplication()
    {
        var volume = Documents.Single(d => d.Kind == "PersistentVolumeClaim" && d.Name == "frontend-keys").As<V1PersistentVolumeClaim>();
        Assert.Equal("Delete=false", volume.Metadata.Annotations["argocd.argoproj.io/sync-options"]);
    }

    /// <summary>Each service's ConfigMap names, joined: what makes its pod template change when a setting does.</summary>
    private static Dictionary<string, string> EnvFromNames(List<RenderedDocument> documents) =>
        new[] { "api", "frontend" }.ToDictionary(name => name, name =>
            string.Join(",", ProductionConfiguration.Container(documents, name).EnvFrom.Select(e => e.ConfigMapRef.Name)));

    [GeneratedRegex("-[a-z0-9]{10}$")]
    private static partial Regex HashSuffix();

    private static bool Selects(YamlMappingNode selector, IDictionary<string, string> labels)
    {
        if (Kustomize.Path(selector, "matchLabels") is YamlMappingNode matchLabels)
        {
            foreach (var (key, value) in matchLabels.Children)
            {
                if (!labels.TryGetValue(((YamlScalarNode)key).Value!, out var actual) || actual != ((YamlScalarNode)value).Value)
                {
                    return false;
                }
            }
        }

        if (Kustomize.Path(selector, "matchExpressions") is YamlSequenceNode expressions)
        {
            foreach (var expression in expressions.Children.Cast<YamlMappingNode>())
            {
                var key = Kustomize.Scalar(expression, "key")!;
                var values = ((YamlSequenceNode)Kustomize.Path(expression, "values")!).Children.Select(v => ((YamlScalarNode)v).Value).ToList();
                var present = labels.TryGetValue(key, out var actual);
                var matches = Kustomize.Scalar(expression, "operator") switch
                {
                    "In" => present && values.Contains(actual),
                    "NotIn" => !present || !values.Contains(actual),
                    "Exists" => present,
                    "DoesNotExist" => !present,
                    var op => throw new InvalidDataException($"unknown operator {op}"),
                };
                if (!matches)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
