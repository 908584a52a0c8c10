using System.Text.RegularExpressions;

namespace DualRobot.Tests.Delivery;

/// <summary>The Vagrant box forwards every port the Kubernetes walk-through tells its user to open on the host.</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class VagrantfileTests
{
    private static HashSet<int> Forwarded() =>
        ForwardedPort().Matches(File.ReadAllText(RepositoryPaths.Combine("Vagrantfile"))).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    [Fact]
    public void Vagrantfile_ForwardsArgoCdsNodePorts_AndTheConsole()
    {
        var nodePorts = NodePort().Matches(File.ReadAllText(RepositoryPaths.Combine("argocd", "argocd-server-nodeport.yaml")))
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([30007, 30008], nodePorts);
        Assert.Superset(nodePorts.Append(5000).ToHashSet(), Forwarded());
    }

    [Fact]
    public void Vagrantfile_ForwardsEveryLocalhostPortTheDocsName()
    {
        var docs = RepositoryPaths.Combine("docs", "kubernetes.md");
        var text = File.Exists(docs) ? File.ReadAllText(docs) : File.ReadAllText(RepositoryPaths.Combine("README.md"));
        var named = LocalhostPort().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.NotEmpty(named);
        Assert.Superset(named, Forwarded());
    }

    [GeneratedRegex(@"^\s*(\d+) => """, RegexOptions.Multiline)]
    private static partial Regex ForwardedPort();

    [GeneratedRegex(@"nodePort: (\d+)")]
    private static partial Regex NodePort();

    [GeneratedRegex(@"(?:localhost|127\.0\.0\.1):(\d+)")]
    private static partial Regex LocalhostPort();
}
