using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace DualRobot.AppHost;

/// <summary>
/// Asks the container runtime Aspire would use whether its engine answers. A docker CLI without a daemon
/// is common (CI machines, dev containers); Aspire itself would only notice after a long timeout and
/// leave failed resources, so we ask first and skip the containers instead.
/// </summary>
internal static class ContainerRuntimeProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // One answer per runtime for the AppHost's life: the observability containers and Redis both ask.
    private static readonly ConcurrentDictionary<string, (bool Usable, string Reason)> Answers = new();

    /// <summary>Probes the runtime Aspire would use (<c>ASPIRE_CONTAINER_RUNTIME</c>, else docker), once.</summary>
    public static (bool Usable, string Reason) ProbeConfigured(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        return Answers.GetOrAdd(runtime, Probe);
    }

    public static (bool Usable, string Reason) Probe(string runtime)
    {
        var start = new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, $"no '{runtime}' command on PATH");
        }

        if (process is null)
        {
            return (false, $"'{runtime}' could not be started");
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"'{runtime} info' did not answer within {Timeout.TotalSeconds:0} s");
            }

            if (process.ExitCode != 0)
            {
                var firstLine = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .FirstOrDefault() ?? "no output";
                return (false, $"'{runtime} info' failed (exit {process.ExitCode}): {firstLine}");
            }

            return (true, $"'{runtime}' engine is running");
        }
    }
}
