namespace DualRobot.Tests.Support;

/// <summary>
/// The cost tier every test class carries as <c>[Trait(Tier.Name, Tier.Unit)]</c> (or another tier), so the fast tier
/// runs alone: <c>dotnet test --filter Tier=Unit</c>. A class takes the tier of the most expensive thing it starts.
/// </summary>
public static class Tier
{
    public const string Name = "Tier";

    /// <summary>In-process objects only: no host, socket, child process or file outside a temp folder.</summary>
    public const string Unit = "Unit";

    /// <summary>An in-memory host (WebApplicationFactory), a loopback socket or the pigpiod emulator.</summary>
    public const string Functional = "Functional";

    /// <summary>Real processes: the AppHost, Chromium, Prometheus, the Aspire Dashboard, pigs, the benchmarks.</summary>
    public const string EndToEnd = "EndToEnd";

    /// <summary>What ships: manifests, workflows, images, the Vagrantfile and the docs.</summary>
    public const string Delivery = "Delivery";
}
