using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DualRobot.TestSupport;

namespace DualRobot.Benchmarks;

/// <summary>Where the api and frontend builds are: the same configuration as this harness, in the same repository.</summary>
public static class RepoLayout
{
#if BENCH_RELEASE
    public const string Configuration = "Release";
#else
    public const string Configuration = "Debug";
#endif

    public static string Root() => RepositoryPaths.Root;

    public static string ProjectDll(string project) =>
        Environment.GetEnvironmentVariable($"BENCH_{project.Replace('.', '_').ToUpperInvariant()}_DLL")
        ?? Path.Combine(Root(), project, "bin", Configuration, "net10.0", project + ".dll");

    public static string ArtifactsDirectory() => Path.Combine(Root(), "DualRobot.Benchmarks", "BenchmarkDotNet.Artifacts");

    /// <summary>Files the child processes of this run write (audit trails), removed when the run ends.</summary>
    public static string BenchmarkDataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"dualrobot-bench-{Environment.ProcessId}");

    /// <summary>The dotnet host: the one the SDK ran us with, else the one on PATH.</summary>
    public static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";
}

public static class MachineInfo
{
    /// <summary>1, 5 and 15 minute load averages from /proc/loadavg (2 cores: above 2 means waiting for a CPU).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static string Describe()
    {
        var cpu = "unknown";
        var memory = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            memory = $"{long.Parse(kb, CultureInfo.InvariantCulture) / 1024 / 1024.0:F1} GiB";
        }
        catch (IOException)
        {
        }

        return $"Load average at the start: {LoadAverage()}. Machine: {Environment.ProcessorCount} cores ({cpu}), {memory} RAM, {RuntimeInformation.OSDescription}, " +
               $"{RuntimeInformation.FrameworkDescription}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.";
    }
}

/// <summary>An ASP.NET Core app started as a child process on 127.0.0.1 and a free port (HTTP, or HTTPS with a given certificate).</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    /// <summary>Process start to the first 200 from the health path.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <param name="https">
    /// Serve HTTPS with this certificate (PEM files, as the production overlay's Secret) instead of HTTP; the health
    /// check trusts exactly it.
    /// </param>
    public static async Task<ServiceProcess> StartAsync(
        string dll, IEnumerable<string> extraArgs, IReadOnlyDictionary<string, string> environment, string healthPath, TimeSpan timeout,
        ServedCertificate? https = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build output not found: {dll}. Build the solution in {RepoLayout.Configuration} first.", dll);
        }

        var port = Network.FreeTcpPort();
        var baseAddress = new Uri($"{(https is null ? "http" : "https")}://127.0.0.1:{port}/");
        var info = new ProcessStartInfo(RepoLayout.DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        // No exporter endpoint inherited from a developer shell or an Aspire test run.
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        if (https is not null)
        {
            info.Environment["Kestrel__Certificates__Default__Path"] = https.CertificatePath;
            info.Environment["Kestrel__Certificates__Default__KeyPath"] = https.KeyPath;
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var service = new ServiceProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => service.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => service.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1), SslOptions = ServedCertificate.Trust(https) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(2),
        };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode} during start-up:\n{service.Output}");
            }

            try
            {
                using var response = await http.GetAsync(healthPath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    service.StartupTime = Stopwatch.GetElapsedTime(started);
                    return service;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"{Path.GetFileName(dll)} not healthy at {baseAddress}{healthPath} within {timeout}:\n{service.Output}");
            }

            await Task.Delay(10);
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What Kubernetes sends to stop a pod: SIGTERM. <see cref="WaitForExitAsync"/> tells when it is gone.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Resident set size from /proc/&lt;pid&gt;/status (VmRSS), in bytes.</summary>
    public long RssBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>User + system CPU time of the process so far, from /proc/&lt;pid&gt;/stat (10 ms ticks).</summary>
    public TimeSpan CpuTime() => ProcStat.Read(_process.Id).Cpu;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Only the tail matters for a start-up failure.
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }

            _output.AppendLine(line);
        }
    }
}

/// <summary>
/// A throwaway certificate for 127.0.0.1 as PEM files, for a child process to serve HTTPS with, and the one thing a
/// client of the harness trusts on that port.
/// </summary>
public sealed class ServedCertificate : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dualrobot-bench-tls-").FullName;
    private readonly X509Certificate2 _certificate;

    public ServedCertificate()
    {
        _certificate = TestCertificate.WritePem(_directory, out var certificatePath, out var keyPath);
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>TLS options that accept exactly the served certificate (the defaults for plain HTTP, which has none).</summary>
    public static SslClientAuthenticationOptions Trust(ServedCertificate? served) => served is null ? new() : new()
    {
        RemoteCertificateValidationCallback = (_, presented, _, _) => TestCertificate.IsExactly(presented, served._certificate),
    };

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Latency samples in microseconds and their percentiles.</summary>
public sealed class LatencyStats
{
    private readonly double[] _sorted;

    public LatencyStats(IEnumerable<double> microseconds, TimeSpan elapsed)
    {
        _sorted = [.. microseconds.Order()];
        Elapsed = elapsed;
    }

    public int Count => _sorted.Length;

    public IReadOnlyList<double> Samples => _sorted;

    public TimeSpan Elapsed { get; }

    public double AchievedRate => Count / Elapsed.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P90 => Percentile(0.90);

    public double P99 => Percentile(0.99);

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * _sorted.Length) - 1;
        return _sorted[Math.Clamp(rank, 0, _sorted.Length - 1)];
    }
}

public static class Load
{
    /// <summary>
    /// One client, one operation at a time, started on a fixed schedule of <paramref name="ratePerSecond"/>. Latency is
    /// timed from the moment each operation is sent; if one overruns its slot the next is sent at once (the achieved
    /// rate is reported beside the figures).
    /// </summary>
    public static LatencyStats Paced(int ratePerSecond, int count, Func<int, Task> operation)
    {
        var samples = new double[count];
        var interval = Stopwatch.Frequency / (double)ratePerSecond;
        var thread = new Thread(() =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                WaitUntil(due);
                var sent = Stopwatch.GetTimestamp();
                operation(i).GetAwaiter().GetResult();
                samples[i] = Stopwatch.GetElapsedTime(sent).TotalMicroseconds;
            }
        })
        { IsBackground = true, Name = "paced-client" };
        var begun = Stopwatch.GetTimestamp();
        thread.Start();
        thread.Join();
        return new LatencyStats(samples, Stopwatch.GetElapsedTime(begun));
    }

    /// <summary>Closed loop: <paramref name="clients"/> concurrent clients, each sending its next operation as soon as the last returns.</summary>
    public static async Task<(double PerSecond, long Total)> ClosedLoopAsync(int clients, TimeSpan duration, Func<int, long, Task> operation)
    {
        long total = 0;
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            long n = 0;
            while (Stopwatch.GetTimestamp() < stop)
            {
                await operation(client, n++);
                Interlocked.Increment(ref total);
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (total / elapsed.TotalSeconds, total);
    }

    private static void WaitUntil(long due)
    {
        // Sleep in whole milliseconds while far away, then yield: precise enough for a 2 ms period without
        // burning a whole core of this 2-core machine.
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > Stopwatch.Frequency * 12 / 10_000)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
