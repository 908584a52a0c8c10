using System.Collections.Concurrent;
using System.Diagnostics;

namespace DualRobot.Tests.Support;

/// <summary>
/// Finds external tools that tests drive (pigs, python3-pigpio, prometheus, chromium, kubectl) and applies the
/// project rule: a missing tool skips the test on a developer machine but fails it when <c>CI=true</c>, so CI can
/// never turn green without the real check.
/// </summary>
public static class ExternalTool
{
    private static readonly ConcurrentDictionary<(string Tool, string? Probe), ToolStatus> Cache = new();

    /// <summary>Whether this run is CI (environment variable <c>CI</c> is <c>true</c>, any case).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Looks <paramref name="tool"/> up (an absolute path, or a name searched on PATH) and, when
    /// <paramref name="probeArguments"/> is given, runs it with them: the tool counts as available only if that exits 0
    /// within 30 s (e.g. <c>-c "import pigpio"</c>). Results are cached per process.
    /// </summary>
    public static ToolStatus Check(string tool, string? probeArguments = null) =>
        Cache.GetOrAdd((tool, probeArguments), static key => Probe(key.Tool, key.Probe));

    /// <summary>
    /// The tool's full path, or an exception with a clear message; call at the top of a test that is marked
    /// <see cref="RequiresToolFactAttribute"/> (under CI a missing tool does not skip, so this is where it fails).
    /// </summary>
    public static string Require(string tool, string? probeArguments = null)
    {
        var status = Check(tool, probeArguments);
        return status.Path ?? throw new InvalidOperationException(
            $"Required tool '{tool}' is not usable: {status.Reason}. CI=true, so this test fails instead of being skipped; " +
            "install it (see .ci/install-test-deps.sh).");
    }

    /// <summary>Searches PATH like a shell would; an absolute or relative path is checked as is.</summary>
    public static string? FindOnPath(string tool)
    {
        if (tool.Contains(Path.DirectorySeparatorChar))
        {
            return File.Exists(tool) ? Path.GetFullPath(tool) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static ToolStatus Probe(string tool, string? probeArguments)
    {
        var path = FindOnPath(tool);
        if (path is null)
        {
            return new ToolStatus(null, $"'{tool}' was not found on PATH");
        }

        if (probeArguments is null)
        {
            return new ToolStatus(path, "found");
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(path, probeArguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return new ToolStatus(null, $"'{path} {probeArguments}' did not finish within 30 s");
            }

            return process.ExitCode == 0
                ? new ToolStatus(path, "probe passed")
                : new ToolStatus(null, $"'{path} {probeArguments}' exited {process.ExitCode}: {stderr.Result.Trim()}");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ToolStatus(null, $"'{path}' could not be started: {ex.Message}");
        }
    }
}

/// <summary>The outcome of <see cref="ExternalTool.Check"/>: the full path when usable, and why not otherwise.</summary>
public sealed record ToolStatus(string? Path, string Reason)
{
    public bool IsAvailable => Path is not null;
}
