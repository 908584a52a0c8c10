using k8s.Models;
using YamlDotNet.RepresentationModel;
using ServiceDefaults = Microsoft.Extensions.Hosting.Extensions;

namespace DualRobot.Tests.Delivery;

/// <summary>The production overlay, rendered once by <c>kubectl kustomize</c> and checked as typed Kubernetes objects.</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class ProductionOverlayTests
{
    private const string Overlay = "argocd/overlays/production";
    private static readonly Lazy<List<RenderedDocument>> Rendered = new(() => Kustomize.Documents(Kustomize.Render(Overlay)));

    private static List<RenderedDocument> Documents => Rendered.Value;

    private static V1Deployment Deployment(string name) =>
        Documents.Single(d => d.Kind == "Deployment" && d.Name == name).As<V1Deployment>();

    private static V1Container Container(string name) => Assert.Single(Deployment(name).Spec.Template.Spec.Containers);

    [RequiresToolFact(Tools.Kubectl)]
    public void Overlay_RendersOnlyExpectedObjects_AllInTheDualrobotNamespace()
    {
        Assert.Equal(
            ["ConfigMap/api-env", "ConfigMap/dualrobot-grafana-dashboard", "ConfigMap/frontend-env", "Deployment/api", "Deployment/frontend",
             "PersistentVolumeClaim/api-audit", "PersistentVolumeClaim/frontend-keys", "PrometheusRule/dualrobot", "Service/api", "Service/frontend", "Service/frontend-public", "ServiceMonitor/dualrobot"],
            Documents.Select(d => $"{d.Kind}/{d.Name}").Order(StringComparer.Ordinal));
        Assert.All(Documents, d => Assert.Equal("dualrobot", d.Namespace));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Api_IsASingleRecreatedPod()
    {
        var spec = Deployment("api").Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("Recreate", spec.Strategy.Type);
        Assert.Null(spec.Strategy.RollingUpdate);
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
        var spec = Deployment("api").Spec;
        var path = Assert.Single(Container("api").Env, e => e.Name == "Audit__Path").Value;
        var mount = Assert.Single(Container("api").VolumeMounts, m => path.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var claim = Assert.Single(spec.Template.Spec.Volumes, v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName;
        var volume = Documents.Single(d => d.Kind == "PersistentVolumeClaim" && d.Name == claim).As<V1PersistentVolumeClaim>();
        Assert.Equal(["ReadWriteOnce"], volume.Spec.AccessModes);
        Assert.False(mount.ReadOnlyProperty ?? false);
        Assert.Equal("Recreate", spec.Strategy.Type); // the old pod lets go of the volume before the new one mounts it
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
    public void Pods_AreHardened()
    {
        foreach (var name in new[] { "api", "frontend" })
        {
            var pod = Deployment(name).Spec.Template.Spec;
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
            var annotations = Deployment(name).Spec.Template.Metadata.Annotations;
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
    public void Frontend_IsExposedByALoadBalancerOnPort5000()
    {
        var service = Documents.Single(d => d.Kind == "Service" && d.Name == "frontend-public").As<V1Service>();
        Assert.Equal("LoadBalancer", service.Spec.Type);
        Assert.Equal("Local", service.Spec.ExternalTrafficPolicy); // client addresses reach the sign-in throttle
        Assert.Equal("frontend", service.Spec.Selector["app"]);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(5000, port.Port);
        Assert.Equal("http", port.TargetPort.Value);

        // The in-cluster Services stay as Aspirate wrote them.
        Assert.All(Documents.Where(d => d.Kind == "Service" && d.Name is "api" or "frontend"),
            d => Assert.Equal("ClusterIP", d.As<V1Service>().Spec.Type));
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
