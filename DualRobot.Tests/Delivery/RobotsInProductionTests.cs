using System.Net;
using System.Net.Sockets;
using DualRobot.Api.Robots;
using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The production overlay's robots: <c>robots.env</c>, the one file a user edits, rendered into the api's settings
/// (read the way the api reads them: appsettings.json with the pod's environment on top, bound and validated by the
/// api's own types) and into the api's egress (every NetworkPolicy that selects its pod).
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class RobotsInProductionTests
{
    private const string TwoPis = """
        # two Pis on the LAN
        Robots__Linus__Backend=Pigpio
        Robots__Linus__Host=10.20.0.21
        Robots__Linus__Port=8888
        Robots__Torvalds__Backend=Pigpio
        Robots__Torvalds__Host=10.20.0.23
        Robots__Torvalds__Port=8890
        """;

    [RequiresToolFact(Tools.Kubectl)]
    public void DefaultOverlay_RunsBothRobotsSimulated_AndOpensNoPigpiod()
    {
        var robots = EffectiveRobots(ProductionConfiguration.Documents);

        Assert.Equal(["Linus", "Torvalds"], robots.Keys.Order(StringComparer.Ordinal));
        Assert.All(robots.Values, robot => Assert.Equal("Simulated", robot.Backend)); // the console's cards say so (OperatorConsoleHttpTests)
        Assert.Empty(PigpiodEgress(ProductionConfiguration.Documents));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void RobotsFile_WithTwoPis_DrivesBothThroughPigpiod_AndOpensExactlyTheirAddressesAndPorts()
    {
        using var copy = new OverlayCopy();
        copy.WriteRobots(TwoPis);
        var documents = copy.Render();

        var robots = EffectiveRobots(documents);
        Assert.Equal(("Pigpio", "10.20.0.21", 8888), (robots["Linus"].Backend, robots["Linus"].Host, robots["Linus"].Port));
        Assert.Equal(("Pigpio", "10.20.0.23", 8890), (robots["Torvalds"].Backend, robots["Torvalds"].Host, robots["Torvalds"].Port));
        // Everything else is still appsettings.json's: the pins come through untouched.
        Assert.Equal(13, robots["Linus"].LeftMotor!.Forward);

        Assert.Equal(["TCP 10.20.0.21/32:8888", "TCP 10.20.0.23/32:8890"], PigpiodEgress(documents));
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void RobotsFile_WithOnePi_OpensOnlyThatPisAddress_TheSimulatedRobotsNone()
    {
        using var copy = new OverlayCopy();
        copy.WriteRobots(TwoPis.Replace("Robots__Torvalds__Backend=Pigpio", "Robots__Torvalds__Backend=Simulated", StringComparison.Ordinal));
        var documents = copy.Render();

        var robots = EffectiveRobots(documents);
        Assert.Equal(("Pigpio", "Simulated"), (robots["Linus"].Backend, robots["Torvalds"].Backend));
        Assert.Equal(["TCP 10.20.0.21/32:8888"], PigpiodEgress(documents));
    }

    [Fact]
    public void CommittedRobotsFile_GivesEachRobotABackendTheClusterCanRun_AndAnAddressThePolicyCanMatch()
    {
        var settings = File.ReadAllLines(RepositoryPaths.Combine("argocd", "overlays", "production", "robots.env"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

        foreach (var robot in new[] { "Linus", "Torvalds" })
        {
            Assert.Contains(settings[$"Robots__{robot}__Backend"], new[] { "Simulated", "Pigpio" });
            Assert.True(IPAddress.TryParse(settings[$"Robots__{robot}__Host"], out var address) && address.AddressFamily == AddressFamily.InterNetwork,
                $"Robots__{robot}__Host must be an IPv4 address: a NetworkPolicy matches addresses, not names");
            Assert.InRange(int.Parse(settings[$"Robots__{robot}__Port"], System.Globalization.CultureInfo.InvariantCulture), 1, 65535);
        }
    }

    /// <summary>The api's robots as it would bind them in the pod: appsettings.json, then the pod's environment.</summary>
    private static RobotFleetOptions EffectiveRobots(IReadOnlyList<RenderedDocument> documents)
    {
        var environment = ProductionConfiguration.Environment(documents, "api")
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepositoryPaths.Combine("DualRobot.Api", "appsettings.json"))
            .AddInMemoryCollection(environment)
            .Build();
        var robots = new RobotFleetOptions();
        configuration.GetSection(RobotFleetOptions.SectionName).Bind(robots);

        var validation = new RobotFleetOptionsValidator().Validate(null, robots);
        Assert.True(validation.Succeeded, validation.FailureMessage);
        return robots;
    }

    /// <summary>Every egress rule to an address block that any NetworkPolicy selecting the api's pod allows, as "TCP cidr:port".</summary>
    private static List<string> PigpiodEgress(IReadOnlyList<RenderedDocument> documents)
    {
        var labels = ProductionConfiguration.PodTemplate(documents, "api").Metadata.Labels;
        return documents.Where(d => d.Kind == "NetworkPolicy").Select(d => d.As<V1NetworkPolicy>())
            .Where(policy => policy.Spec.PolicyTypes.Contains("Egress")
                && policy.Spec.PodSelector.MatchExpressions is null
                && policy.Spec.PodSelector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value))
            .SelectMany(policy => policy.Spec.Egress ?? [])
            .Where(rule => rule.To?.Any(peer => peer.IpBlock is not null) == true)
            .SelectMany(rule => rule.To.SelectMany(peer => rule.Ports.Select(port => $"{port.Protocol} {peer.IpBlock.Cidr}:{port.Port.Value}")))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
