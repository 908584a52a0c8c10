using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The Vagrant box: every port it forwards has something listening on the guest's own address, its box is pinned,
/// its provisioning script (a shell script inside the Ruby file) parses, passes shellcheck, installs nothing unused
/// and waits for k3s in a way a slow first boot cannot break under <c>set -e</c>.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class VagrantfileTests
{
    private static readonly string Text = File.ReadAllText(RepositoryPaths.Combine("Vagrantfile"));

    private static readonly string Docs = File.ReadAllText(RepositoryPaths.Combine("docs", "kubernetes.md"));

    private static HashSet<int> Forwarded() => ForwardedPort().Matches(Text).Select(m => Number(m.Groups[1].Value)).ToHashSet();

    /// <summary>The provisioning script as the guest runs it: Ruby's squiggly heredoc, dedented, taken literally.</summary>
    private static string ProvisioningScript()
    {
        var body = ProvisioningHeredoc().Match(Text);
        Assert.True(body.Success, "the provisioning script is a <<~'SHELL' heredoc (single-quoted: no Ruby interpolation)");
        var lines = body.Groups[1].Value.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())) + "\n";
    }

    [Fact]
    public void Vagrantfile_ForwardsArgoCdsNodePorts_AndTheConsole()
    {
        var nodePorts = NodePort().Matches(File.ReadAllText(RepositoryPaths.Combine("argocd", "argocd-server-nodeport.yaml")))
            .Select(m => Number(m.Groups[1].Value)).ToList();
        Assert.Equal([30007, 30008], nodePorts);
        Assert.Superset(nodePorts.Append(5001).ToHashSet(), Forwarded()); // 5001: frontend-public, the console over https
    }

    [Fact]
    public void Vagrantfile_ForwardsEveryLocalhostPortTheDocsName()
    {
        var named = LocalhostPort().Matches(Docs).Select(m => Number(m.Groups[1].Value)).ToHashSet();
        Assert.NotEmpty(named);
        Assert.Superset(named, Forwarded());
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void EveryForwardedPort_HasAListenerOnTheGuestsOwnAddress()
    {
        // A forwarded connection arrives on the guest's network address, so a listener on its localhost misses it.
        var listeners = new Dictionary<int, string>();
        foreach (var service in ProductionConfiguration.Documents.Where(d => d.Kind == "Service").Select(d => d.As<V1Service>())
                     .Where(s => s.Spec.Type == "LoadBalancer"))
        {
            service.Spec.Ports.ToList().ForEach(p => listeners[p.Port] = $"k3s ServiceLB for {service.Metadata.Name}");
        }

        foreach (Match nodePort in NodePort().Matches(File.ReadAllText(RepositoryPaths.Combine("argocd", "argocd-server-nodeport.yaml"))))
        {
            listeners[Number(nodePort.Groups[1].Value)] = "Argo CD's NodePort";
        }

        foreach (Match forward in AllAddressesPortForward().Matches(Docs))
        {
            listeners[Number(forward.Groups[1].Value)] = "kubectl port-forward --address 0.0.0.0 (docs/kubernetes.md)";
        }

        // The AppHost's dashboard through the launch profile the docs run in the VM.
        using var launch = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("DualRobot.AppHost", "Properties", "launchSettings.json")));
        var dashboard = new Uri(launch.RootElement.GetProperty("profiles").GetProperty("vm").GetProperty("applicationUrl").GetString()!);
        Assert.Equal("0.0.0.0", dashboard.Host);
        Assert.Contains("dotnet run --project DualRobot.AppHost --launch-profile vm", Docs, StringComparison.Ordinal);
        listeners[dashboard.Port] = "the Aspire dashboard (launch profile vm)";

        Assert.All(Forwarded(), port => Assert.True(listeners.ContainsKey(port), $"port {port} is forwarded, but nothing in the guest listens on its address"));
    }

    [Fact]
    public void Box_IsPinnedToOneVersion()
    {
        Assert.Contains("config.vm.box = \"bento/ubuntu-24.04\"", Text, StringComparison.Ordinal);
        Assert.Contains("config.vm.box_version = BOX_VERSION", Text, StringComparison.Ordinal);
        Assert.Matches(BoxVersion(), Text);
    }

    [Fact]
    public void Provisioning_InstallsOnlyWhatTheWalkThroughUses()
    {
        var script = ProvisioningScript();
        Assert.DoesNotContain("helm", script, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" jq", script, StringComparison.Ordinal);
        // Docker builds and exports the images the walk-through imports into k3s; the SDK builds them.
        Assert.Contains("docker save", Docs, StringComparison.Ordinal);
        Assert.Contains("dotnet publish", Docs, StringComparison.Ordinal);
    }

    [RequiresToolFact(Tools.Shellcheck)]
    public async Task ProvisioningScript_ParsesAndPassesShellcheck()
    {
        var directory = Directory.CreateTempSubdirectory("dualrobot-vagrant-");
        try
        {
            var script = Path.Combine(directory.FullName, "provision.sh");
            await File.WriteAllTextAsync(script, "#!/usr/bin/env bash\n" + ProvisioningScript());

            var parsed = await ProcessRunner.RunAsync("bash", ["-n", script]);
            Assert.True(parsed.ExitCode == 0, parsed.ToString());
            var lint = await ProcessRunner.RunAsync(Tools.Require(Tools.Shellcheck), ["--format=gcc", script]);
            Assert.True(lint.ExitCode == 0, lint.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WaitFor_OutlastsASlowStart_UnderSetE()
    {
        var script = ProvisioningScript();
        var waitFor = WaitForFunction().Match(script);
        Assert.True(waitFor.Success, "the provisioning script defines wait_for()");
        // Every wait on k3s goes through it: nothing reads the node or its kubeconfig before they exist.
        Assert.True(script.IndexOf("wait_for test -s /etc/rancher/k3s/k3s.yaml", StringComparison.Ordinal) < script.IndexOf("cp /etc/rancher/k3s/k3s.yaml", StringComparison.Ordinal));
        Assert.True(script.IndexOf("wait_for kubectl get node", StringComparison.Ordinal) < script.IndexOf("kubectl wait", StringComparison.Ordinal));

        // A command that fails twice (k3s not up yet), then succeeds: the script goes on.
        var result = await ProcessRunner.RunAsync("bash", ["-c", $$"""
            set -euo pipefail
            {{waitFor.Value}}
            attempts=0
            slow_start() { attempts=$((attempts + 1)); [ "$attempts" -ge 3 ]; }
            wait_for slow_start
            echo "ready after $attempts attempts"
            """]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ready after 3 attempts", result.StandardOutput.Trim());
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(\d+) => """, RegexOptions.Multiline)]
    private static partial Regex ForwardedPort();

    [GeneratedRegex(@"nodePort: (\d+)")]
    private static partial Regex NodePort();

    [GeneratedRegex(@"(?:localhost|127\.0\.0\.1):(\d+)")]
    private static partial Regex LocalhostPort();

    [GeneratedRegex(@"port-forward --address 0\.0\.0\.0 \S+ (\d+):\d+")]
    private static partial Regex AllAddressesPortForward();

    [GeneratedRegex(@"BOX_VERSION = ENV\.fetch\(""DUALROBOT_BOX_VERSION"", ""\d{6}\.\d{1,2}\.\d+""\)")]
    private static partial Regex BoxVersion();

    [GeneratedRegex(@"<<~'SHELL'\n(.*?)\n\s*SHELL\n", RegexOptions.Singleline)]
    private static partial Regex ProvisioningHeredoc();

    [GeneratedRegex(@"^wait_for\(\) \{\n.*?^\}$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex WaitForFunction();
}
