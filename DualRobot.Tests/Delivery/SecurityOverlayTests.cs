using k8s.Models;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// What the production overlay does for the console's and the api's exposure (issue 16): HTTPS from a Secret, no
/// trusted proxy in front of a direct LoadBalancer, AllowedHosts, health and metrics off the public Service, and
/// NetworkPolicies.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class SecurityOverlayTests
{
    private const int ConsolePort = 8443;
    private const int ManagementPort = 8080;

    private static IReadOnlyList<RenderedDocument> Documents => ProductionConfiguration.Documents;

    private static Dictionary<string, string?> Frontend => ProductionConfiguration.Environment("frontend");

    [RequiresToolFact(Tools.Kubectl)]
    public void Frontend_TrustsNoForwardedHeaders_BecauseNoProxyStandsInFrontOfItsLoadBalancer()
    {
        Assert.DoesNotContain(Frontend.Keys, key => key.StartsWith("ForwardedHeaders__", StringComparison.OrdinalIgnoreCase));
        var publicService = Service("frontend-public");
        Assert.Equal("LoadBalancer", publicService.Spec.Type);
        Assert.Equal("Local", publicService.Spec.ExternalTrafficPolicy);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Frontend_ServesTheConsoleOverHttps_WithTheCertificateFromTheTlsSecret()
    {
        Assert.Equal("8443", Frontend["HTTPS_PORTS"]);
        var certificate = Frontend["Kestrel__Certificates__Default__Path"]!;
        var key = Frontend["Kestrel__Certificates__Default__KeyPath"]!;

        var container = ProductionConfiguration.Container("frontend");
        Assert.Contains(container.Ports, p => p.ContainerPort == ConsolePort);
        var mount = Assert.Single(container.VolumeMounts, m => certificate.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        Assert.StartsWith(mount.MountPath + "/", key, StringComparison.Ordinal);
        Assert.True(mount.ReadOnlyProperty);
        var volume = Assert.Single(Documents.Single(d => d.Kind == "Deployment" && d.Name == "frontend").As<V1Deployment>().Spec.Template.Spec.Volumes,
            v => v.Name == mount.Name);
        Assert.Equal("frontend-tls", volume.Secret.SecretName);
        Assert.Equal("tls.crt", Path.GetFileName(certificate)); // the keys of a kubernetes.io/tls Secret
        Assert.Equal("tls.key", Path.GetFileName(key));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void Frontend_SetsAllowedHosts_NotAnyHost()
    {
        var hosts = Frontend["AllowedHosts"]!.Split(';');
        Assert.NotEmpty(hosts);
        Assert.DoesNotContain("*", hosts);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void HealthAndMetrics_AnswerOnTheManagementPort_WhichThePublicServiceDoesNotExpose()
    {
        Assert.Equal(ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Frontend["Management__Port"]);
        Assert.Equal(ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Frontend["HTTP_PORTS"]);

        var container = ProductionConfiguration.Container("frontend");
        var http = Assert.Single(container.Ports, p => p.Name == "http");
        Assert.Equal(ManagementPort, http.ContainerPort);
        Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal("http", container.LivenessProbe.HttpGet.Port.Value);

        var publicPort = Assert.Single(Service("frontend-public").Spec.Ports);
        Assert.Equal(ConsolePort.ToString(System.Globalization.CultureInfo.InvariantCulture), publicPort.TargetPort.Value);

        // Prometheus scrapes the in-cluster Service's http port, which is the management port.
        Assert.Contains(Service("frontend").Spec.Ports, p => p.Name == "http" && p.TargetPort.Value == ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void ApiPolicy_AdmitsOnlyTheFrontendAndPrometheus_OnItsPort()
    {
        var policy = Policy("api");
        Assert.Equal(["Egress", "Ingress"], policy.Spec.PolicyTypes.Order(StringComparer.Ordinal));
        var rule = Assert.Single(policy.Spec.Ingress);
        Assert.Equal([ManagementPort], rule.Ports.Select(p => int.Parse(p.Port.Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Collection(rule.FromProperty,
            peer => Assert.Equal("frontend", peer.PodSelector.MatchLabels["app"]),
            peer => Assert.Equal("monitoring", peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]));
        Assert.Equal("api", policy.Spec.PodSelector.MatchLabels["app"]);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void ApiPolicy_LetsItReachOnlyDnsAndJaeger_PigpiodOnlyThroughTheRobotsPolicies()
    {
        // pigpiod is opened per robot, to its own address only (RobotsInProductionTests), never to any address here.
        var egress = Policy("api").Spec.Egress;
        var ports = egress.SelectMany(rule => rule.Ports).Select(p => $"{p.Protocol}/{p.Port.Value}").Order(StringComparer.Ordinal);
        Assert.Equal(["TCP/4317", "TCP/53", "UDP/53"], ports);
        var jaeger = Assert.Single(egress, rule => rule.Ports.Any(p => p.Port.Value == "4317"));
        Assert.Equal("observability", Assert.Single(jaeger.To).NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void FrontendPolicy_OpensTheConsoleToAll_AndTheManagementPortToPrometheusOnly()
    {
        var policy = Policy("frontend");
        Assert.Equal("frontend", policy.Spec.PodSelector.MatchLabels["app"]);
        var console = Assert.Single(policy.Spec.Ingress, rule => rule.Ports.Any(p => p.Port.Value == "8443"));
        Assert.Null(console.FromProperty);
        var management = Assert.Single(policy.Spec.Ingress, rule => rule.Ports.Any(p => p.Port.Value == "8080"));
        Assert.Equal("monitoring", Assert.Single(management.FromProperty).NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Equal(2, policy.Spec.Ingress.Count);

        var apiRule = Assert.Single(policy.Spec.Egress, rule => rule.To?.Any(peer => peer.PodSelector?.MatchLabels?["app"] == "api") == true);
        Assert.Equal("8080", Assert.Single(apiRule.Ports).Port.Value);
    }

    private static V1Service Service(string name) => Documents.Single(d => d.Kind == "Service" && d.Name == name).As<V1Service>();

    private static V1NetworkPolicy Policy(string name) => Documents.Single(d => d.Kind == "NetworkPolicy" && d.Name == name).As<V1NetworkPolicy>();
}
