using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Devices;
using DualRobot.Api.Robots.Motion;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace DualRobot.Benchmarks;

/// <summary>BenchmarkDotNet micro-benchmarks of the api's per-command building blocks (in-process toolchain).</summary>
public static class MicroBenchmarks
{
    public static string Run(BenchSettings settings)
    {
        var job = settings.Quick || settings.Smoke
            ? Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)
            : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithIterationCount(15).WithWarmupCount(5);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(RepoLayout.ArtifactsDirectory())
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);

        var summary = BenchmarkRunner.Run<ApiBuildingBlocks>(config, settings.BenchmarkDotNetArgs);
        return Render(summary);
    }

    private static string Render(BenchmarkDotNet.Reports.Summary summary)
    {
        var sb = new StringBuilder();
        sb.AppendLine("## Micro-benchmarks (BenchmarkDotNet 0.15.8, in-process)");
        sb.AppendLine();
        sb.AppendLine("| Benchmark | Mean | Error | Allocated |");
        sb.AppendLine("|---|--:|--:|--:|");
        foreach (var report in summary.Reports)
        {
            var stats = report.ResultStatistics;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} | {(stats is null ? "n/a" : $"{stats.Mean:N1} ns")} | {(stats is null ? "" : $"{stats.StandardError:N2} ns")} | {(allocated is { } a ? $"{a} B" : "n/a")} |");
        }

        return sb.ToString();
    }
}

[MemoryDiagnoser]
public class ApiBuildingBlocks
{
    private readonly PigpioRequest[] _requests =
    [
        new(PigpioCommand.Bc1, (1u << 21) | (1u << 17), 0),
        new(PigpioCommand.Bs1, (1u << 13) | (1u << 27), 0),
    ];

    private readonly byte[] _buffer = new byte[2 * PigpioRequest.FrameSize];
    private SimulatedGpioBackend _backend = null!;
    private DriveTrain _drive = null!;
    private RobotState _state = null!;
    private int _direction;
    private CollectorRegistry _registry = null!;
    private CollectorRegistry _processStats = null!;

    private RobotMetrics _metrics = null!;

    [GlobalSetup]
    public void Setup()
    {
        _backend = new SimulatedGpioBackend();
        var options = new RobotOptions
        {
            LeftMotor = new MotorPinOptions { Forward = 13, Backward = 21, Enable = 12 },
            RightMotor = new MotorPinOptions { Forward = 17, Backward = 27, Enable = 26 },
            Eye = 16,
        };
        _drive = new DriveTrain(_backend, options);
        _state = new RobotState("Linus", "Pigpio", true, Direction.Forward, 0.8, true, EyeState.Blink,
            [new ServoState(0, 22, -90, 90, 12.5), new ServoState(1, 23, -90, 90, null)], 487, false, 1234,
            0.8, 0.8, new Pose(1.25, -0.5, 0.75), Estimated: true, Arena: null);
        PigpioFraming.WriteRequests(_requests, _buffer);

        // The api's robot families for 128 robots in a registry of their own (no process/.NET stats).
        _registry = Metrics.NewCustomRegistry();
        _metrics = new RobotMetrics(Metrics.WithCustomRegistry(_registry));
        for (var i = 0; i < 128; i++)
        {
            _metrics.Register($"Bot{i:D3}", "Simulated", 0, hasSpeedControl: false);
        }

        // What every scrape of the api also collects: the process_* and dotnet_* families (ServiceDefaults).
        _processStats = Metrics.NewCustomRegistry();
        ProcessStats.Register(_processStats);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _drive.Dispose();
        _backend.Dispose();
    }

    /// <summary>Pin-map resolution: direction → its side values → the four IN pin levels of this robot's wiring.</summary>
    [Benchmark]
    public int PinMapPatternFor()
    {
        var direction = (Direction)(1 + (_direction++ & 3));
        return _drive.PatternFor(SideValues.Preset(direction, 1)).Length;
    }

    /// <summary>A whole drive on the simulated backend: pattern plus the batched pin write.</summary>
    [Benchmark]
    public void DriveTrainApplySimulated() => _drive.Apply((Direction)(1 + (_direction++ & 3)), 1, TimeSpan.FromSeconds(2));

    /// <summary>RobotState → UTF-8 JSON through the api's source-generated context.</summary>
    [Benchmark]
    public int SerializeRobotState() => JsonSerializer.SerializeToUtf8Bytes(_state, ContractJsonContext.Default.RobotState).Length;

    /// <summary>Building the two 16-byte frames of one drive (BC1 + BS1).</summary>
    [Benchmark]
    public byte FramePigpioRequests()
    {
        PigpioFraming.WriteRequests(_requests, _buffer);
        return _buffer[0];
    }

    /// <summary>The metric updates of one accepted drive (motion gauges, command counter, write histogram).</summary>
    [Benchmark]
    public void MetricsOfOneDrive()
    {
        _metrics.SetMotion("Bot042", (Direction)(1 + (_direction++ & 3)));
        _metrics.CountCommand("Bot042", RobotActions.Drive, "accepted");
        _metrics.ObserveGpioWrite("Simulated", TimeSpan.FromTicks(20));
    }

    /// <summary>Text exposition of the robot families for 128 robots (what /metrics adds per robot).</summary>
    [Benchmark]
    public Task ExportMetrics128Robots() => _registry.CollectAndExportAsTextAsync(Stream.Null);

    /// <summary>Collecting and exporting the process and .NET families of ProcessStats (the fixed part of every scrape).</summary>
    [Benchmark]
    public Task ExportProcessAndDotNetStats() => _processStats.CollectAndExportAsTextAsync(Stream.Null);

    /// <summary>Parsing the two 16-byte replies of one drive.</summary>
    [Benchmark]
    public int ParsePigpioReplies()
    {
        var (echo0, result0) = PigpioFraming.ReadReply(_buffer.AsSpan(0, PigpioRequest.FrameSize));
        var (echo1, result1) = PigpioFraming.ReadReply(_buffer.AsSpan(PigpioRequest.FrameSize, PigpioRequest.FrameSize));
        return (int)(echo0 + echo1) + result0 + result1;
    }
}
