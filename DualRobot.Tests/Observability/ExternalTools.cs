using System.Reflection;

namespace DualRobot.Tests.Observability;

/// <summary>
/// The external programs the observability tests drive for real. A missing tool skips its tests on a developer
/// machine but fails them when <c>CI=true</c>, so CI can never go green without the real check.
/// </summary>
public static class ExternalTools
{
    public const string Prometheus = "prometheus";
    public const string Promtool = "promtool";
    public const string AspireDashboard = "aspire-dashboard";
    public const string Kubectl = "kubectl";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tool's full path, or null with the reason it is unusable.</summary>
    public static (string? Path, string Reason) Find(string tool) => tool switch
    {
        AspireDashboard => FindDashboard(),
        Kubectl => FindKubectl(),
        _ => FindOnPath(tool) is { } path
            ? (path, "found")
            : (null, $"'{tool}' is not on PATH (Debian: apt-get install --no-install-recommends prometheus)"),
    };

    /// <summary>The tool's path; fails the test with the reason when it is unusable.</summary>
    public static string Require(string tool)
    {
        var (path, reason) = Find(tool);
        return path ?? throw new Xunit.Sdk.XunitException($"Required tool '{tool}' is unusable: {reason}.");
    }

    /// <summary>Null when every tool is usable or CI=true (then the test runs and fails); else a skip reason.</summary>
    internal static string? SkipReason(IEnumerable<string> tools)
    {
        if (IsCi)
        {
            return null;
        }

        var missing = tools.Select(t => (Tool: t, Found: Find(t))).Where(t => t.Found.Path is null)
            .Select(t => $"{t.Tool}: {t.Found.Reason}").ToList();
        return missing.Count == 0
            ? null
            : $"Skipped: {string.Join("; ", missing)}. (With CI=true this test fails instead of skipping.)";
    }

    internal static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (string?, string) FindDashboard()
    {
        var path = typeof(ExternalTools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AspireDashboardPath")?.Value;
        if (string.IsNullOrEmpty(path))
        {
            return (null, "the test assembly has no AspireDashboardPath (package Aspire.Dashboard.Sdk.linux-x64 not restored?)");
        }

        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return (null, $"no Aspire Dashboard binary at '{path}' (the linux-x64 package runs on Linux x64 only)");
        }

        return (path, "found");
    }

    private static (string?, string) FindKubectl()
    {
        if (FindOnPath("kubectl") is not { } path)
        {
            return (null, "'kubectl' is not on PATH (need client >= 1.21 for kubectl kustomize)");
        }

        var (exit, output, _) = ProcessRunner.Run(path, ["version", "--client", "-o", "json"], timeout: TimeSpan.FromSeconds(20));
        if (exit != 0)
        {
            return (null, "'kubectl version --client' failed");
        }

        var minor = System.Text.RegularExpressions.Regex.Match(output, "\"minor\"\\s*:\\s*\"(\\d+)");
        return minor.Success && int.Parse(minor.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 21
            ? (path, "found")
            : (null, "kubectl client older than 1.21: its kustomize cannot render this layout");
    }
}

/// <summary>A fact that needs external tools: skipped where one is missing, except under CI=true.</summary>
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(params string[] tools)
    {
        if (ExternalTools.SkipReason(tools) is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs external tools: skipped where one is missing, except under CI=true.</summary>
public sealed class RequiresToolTheoryAttribute : TheoryAttribute
{
    public RequiresToolTheoryAttribute(params string[] tools)
    {
        if (ExternalTools.SkipReason(tools) is { } reason)
        {
            Skip = reason;
        }
    }
}
