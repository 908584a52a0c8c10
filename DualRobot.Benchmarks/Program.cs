using System.Globalization;
using System.Text;

namespace DualRobot.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project DualRobot.Benchmarks -- [--quick] [--micro] [--smoke] [--out file]</c>.
/// Default: the macro measures (real Kestrel, child processes, emulator on loopback), full length.
/// <c>--quick</c> shortens every measure, <c>--smoke</c> runs a handful of commands per measure (for the test),
/// <c>--micro</c> runs the BenchmarkDotNet micro-benchmarks after the macro measures, <c>--micro-only</c> only them,
/// <c>--console-only</c> only the console's measures, <c>--input-only</c> only its input-to-pin measure (over HTTP,
/// then over HTTPS with HTTP/2; <c>--https</c> over HTTPS only), <c>--audit-only</c> only the audit trail's measures (they also follow
/// the macro measures), <c>--recorder-only</c> only the flight recorder's cost (drive with it on vs off, store growth),
/// <c>--envelope-only</c> only the safety envelope's cost per motion command (in process, 20 zones vs none),
/// <c>--scale-out-only</c> only the console's fan-out to one crowd from one console vs two, <c>--shards-only</c> only
/// 64 robots over two api instances vs one through the console, <c>--redis-only</c> only the Redis hop's cost per
/// sign-in and per command (a console on Redis vs on files), <c>--groups-only</c> only a group command's latency beside
/// one robot's.
/// <c>--serve-ping</c> is internal: the harness starts itself with it as the trivial-Kestrel baseline.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--serve-ping"))
        {
            await PingServer.RunAsync(args);
            return 0;
        }

        var settings = BenchSettings.From(args);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Dual Robot benchmark results ({settings.Mode})");
        report.AppendLine();
        report.AppendLine(MachineInfo.Describe());
        report.AppendLine();

        if (settings.ApiEnvironment.Count > 0)
        {
            report.AppendLine($"Api environment overrides: {string.Join(", ", settings.ApiEnvironment.Select(kv => $"{kv.Key}={kv.Value}"))}");
            report.AppendLine();
        }

        var passed = true;
        if (settings.Guard)
        {
            var (guard, held) = await new MacroBenchmarks(settings).RunGuardAsync();
            report.AppendLine(guard);
            passed = held;
        }
        else if (settings.LoadOperation is { } load)
        {
            report.AppendLine(await new MacroBenchmarks(settings).RunLoadAsync(load, settings.LoadDuration));
        }
        else if (settings.EnvelopeOnly)
        {
            report.AppendLine(await EnvelopeBenchmarks.RunAsync(settings));
        }
        else if (settings.AuditOnly)
        {
            report.AppendLine(await AuditBenchmarks.RunAsync(settings));
        }
        else if (!settings.MicroOnly)
        {
            var results = await new MacroBenchmarks(settings).RunAsync();
            report.AppendLine(results);
            if (!settings.ScaleOutOnly && !settings.ShardsOnly && !settings.RedisOnly && !settings.GroupsOnly)
            {
                report.AppendLine(await AuditBenchmarks.RunAsync(settings));
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"Load average at the end (other builds share this machine): {MachineInfo.LoadAverage()}.");
            report.AppendLine();
        }

        if (settings.Micro || settings.MicroOnly)
        {
            report.AppendLine(MicroBenchmarks.Run(settings));
        }

        try
        {
            Directory.Delete(RepoLayout.BenchmarkDataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // No child process wrote anything.
        }

        var text = report.ToString();
        Console.WriteLine();
        Console.WriteLine(text);
        var path = settings.OutputPath ?? Path.Combine(RepoLayout.ArtifactsDirectory(), "bench-results.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, text);
        Console.WriteLine($"Results written to {Path.GetFullPath(path)}");
        return passed ? 0 : 1;
    }
}

public sealed record BenchSettings(string Mode, bool Micro, bool MicroOnly, string? OutputPath)
{
    /// <summary>Everything after <c>--bdn</c> goes to BenchmarkDotNet (e.g. <c>--bdn --filter *Metrics*</c>).</summary>
    public string[] BenchmarkDotNetArgs { get; init; } = [];

    /// <summary><c>--api-env KEY=VALUE</c> (repeatable): extra environment for the api processes, for experiments.</summary>
    public IReadOnlyDictionary<string, string> ApiEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--console-only</c>: only the console's measures (input to pin, fan-out, fleet with viewers).</summary>
    public bool ConsoleOnly { get; init; }

    /// <summary><c>--input-only</c>: only the input-to-pin measure (Chromium → console → api → emulator).</summary>
    public bool InputOnly { get; init; }

    /// <summary>
    /// How the input-to-pin measure reaches the console, in turn: plain HTTP (false), as under the AppHost, and HTTPS
    /// (true), where Chromium speaks HTTP/2 as in the production overlay. <c>--https</c>: HTTPS only.
    /// </summary>
    public IReadOnlyList<bool> InputOverHttps { get; init; } = [false, true];

    /// <summary><c>--audit-only</c>: only the audit trail's measures (in-process, no child processes).</summary>
    public bool AuditOnly { get; init; }

    /// <summary><c>--recorder-only</c>: drive with the flight recorder on vs off in the same run, and its store growth.</summary>
    public bool RecorderOnly { get; init; }

    /// <summary><c>--envelope-only</c>: the safety envelope's cost per motion command, 20 zones vs none (in process).</summary>
    public bool EnvelopeOnly { get; init; }

    /// <summary><c>--guard</c>: CI's regression guard, drive vs the api's trivial endpoint as a ratio; exits 1 under the floor.</summary>
    public bool Guard { get; init; }

    /// <summary><c>--guard-floor X</c>: the ratio under which the guard fails (<see cref="ThroughputRatio.DefaultFloor"/> by default).</summary>
    public double GuardFloor { get; init; } = ThroughputRatio.DefaultFloor;

    /// <summary><c>--load drive|velocity|trivial</c>: that operation alone in closed loop, for a profiler (<c>--seconds N</c>, 30 by default).</summary>
    public string? LoadOperation { get; init; }

    public TimeSpan LoadDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--scale-out-only</c>: the console's fan-out to one crowd from one console vs two (issue 32).</summary>
    public bool ScaleOutOnly { get; init; }

    /// <summary><c>--shards-only</c>: 64 robots over two api instances vs one, driven through the console (issue 32).</summary>
    public bool ShardsOnly { get; init; }

    /// <summary><c>--redis-only</c>: a console on Redis vs on files, per sign-in and per command (issue 32).</summary>
    public bool RedisOnly { get; init; }

    /// <summary><c>--groups-only</c>: a group command's latency beside one robot's, in the same run (issue 33).</summary>
    public bool GroupsOnly { get; init; }

    public bool Smoke => Mode == "smoke";

    public bool Quick => Mode == "quick";

    /// <summary>Commands per paced (500/s) latency run.</summary>
    public int PacedCount => Mode switch { "smoke" => 10, "quick" => 1000, _ => 5000 };

    public int WarmupCount => Mode switch { "smoke" => 5, "quick" => 300, _ => 1000 };

    public TimeSpan ThroughputDuration => Mode switch
    {
        "smoke" => TimeSpan.FromMilliseconds(200),
        "quick" => TimeSpan.FromSeconds(2),
        _ => TimeSpan.FromSeconds(5),
    };

    public int Scrapes => Mode switch { "smoke" => 3, "quick" => 30, _ => 100 };

    public int[] FleetSizes => [2, 16, 128];

    private static string? ValueOf(string[] args, string option) =>
        Array.IndexOf(args, option) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;

    public static BenchSettings From(string[] args)
    {
        var mode = args.Contains("--smoke") ? "smoke" : args.Contains("--quick") ? "quick" : "full";
        var output = ValueOf(args, "--out");
        var bdn = Array.IndexOf(args, "--bdn");
        var apiEnvironment = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length && (bdn < 0 || i < bdn); i++)
        {
            if (args[i] == "--api-env" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                apiEnvironment[key] = value;
            }
        }

        return new BenchSettings(mode, args.Contains("--micro"), args.Contains("--micro-only"), output)
        {
            BenchmarkDotNetArgs = bdn >= 0 ? args[(bdn + 1)..] : [],
            ApiEnvironment = apiEnvironment,
            ConsoleOnly = args.Contains("--console-only"),
            AuditOnly = args.Contains("--audit-only"),
            RecorderOnly = args.Contains("--recorder-only"),
            EnvelopeOnly = args.Contains("--envelope-only"),
            ScaleOutOnly = args.Contains("--scale-out-only"),
            ShardsOnly = args.Contains("--shards-only"),
            RedisOnly = args.Contains("--redis-only"),
            GroupsOnly = args.Contains("--groups-only"),
            InputOnly = args.Contains("--input-only"),
            InputOverHttps = args.Contains("--https") ? [true] : [false, true],
            Guard = args.Contains("--guard"),
            GuardFloor = double.Parse(ValueOf(args, "--guard-floor") ?? ThroughputRatio.DefaultFloor.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            LoadOperation = ValueOf(args, "--load"),
            LoadDuration = TimeSpan.FromSeconds(double.Parse(ValueOf(args, "--seconds") ?? "30", CultureInfo.InvariantCulture)),
        };
    }
}
