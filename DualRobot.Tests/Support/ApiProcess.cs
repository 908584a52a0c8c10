using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace DualRobot.Tests.Support;

/// <summary>
/// The api as a real process (its own build output, real Kestrel on 127.0.0.1), for what only a process shows:
/// signals, exit, memory, the console log. <see cref="Frontend"/> starts the console's process the same way.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string ApiKey = "process-test-api-key-0123456789";
    public const string Api = "DualRobot.Api";
    public const string Frontend = "DualRobot.Frontend";

    private readonly ChildProcess _process;

    private ApiProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => _process.Log;

    /// <summary>Starts <paramref name="project"/> and waits until it answers <c>/alive</c> on <paramref name="port"/> (default: a free one).</summary>
    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> settings, string project = Api, int? port = null)
    {
        var process = Launch(settings, project, port);
        using var client = process.CreateClient();
        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"{project} exited with {process.ExitCode}:\n{process.Output}");
            }

            try
            {
                using var response = await client.GetAsync("/alive");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the {project} process answers /alive", TimeSpan.FromMinutes(1));
        return process;
    }

    /// <summary>Starts the api without waiting for it: for a start that is meant to fail.</summary>
    public static ApiProcess Launch(IDictionary<string, string> settings, string project = Api, int? fixedPort = null)
    {
        var port = fixedPort ?? Network.FreeTcpPort();
        var directory = RepositoryPaths.BuildOutput(project);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, project + ".dll")]) { WorkingDirectory = directory };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Control__ApiKey"] = ApiKey;
        start.Environment["Control__MaxCommandsPerSecond"] = "0";
        start.Environment["Audit__Path"] = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"audit-{Guid.NewGuid():N}.db");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return new ApiProcess(ChildProcess.Start(start), port);
    }

    public HttpClient CreateClient(bool authorized = true)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (authorized)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        }

        return client;
    }

    /// <summary>What Kubernetes and systemd send: a graceful stop.</summary>
    public void Terminate() => Signals.Send(_process.Id, Signals.Terminate);

    /// <summary>
    /// Freezes the process (SIGSTOP): the kernel still accepts connections and buffers requests for it. Returns once
    /// the kernel reports every thread stopped: a signal takes effect asynchronously, and on a busy machine a thread
    /// still running on the other core could answer a request sent right after the call.
    /// </summary>
    public void Pause()
    {
        Signals.Send(_process.Id, Signals.Stop);
        var waited = Stopwatch.StartNew();
        while (!EveryThreadStopped())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the process never stopped after SIGSTOP");
            Thread.Sleep(1);
        }
    }

    private bool EveryThreadStopped() =>
        Directory.EnumerateDirectories($"/proc/{_process.Id}/task").All(task => ThreadState(task) is 'T' or 't');

    /// <summary>The state letter of /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat (after the parenthesised name); a thread gone meanwhile counts as stopped.</summary>
    private static char ThreadState(string task)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return 'T';
        }
    }

    /// <summary>What a crash or the OOM killer does: the process ends at once, with nothing run on its way out.</summary>
    public void Kill() => Signals.Send(_process.Id, Signals.Kill);

    /// <summary>Whether every thread of the process is stopped now (after <see cref="Pause"/>).</summary>
    public bool IsPaused => EveryThreadStopped();

    /// <summary>Lets a paused process run again (SIGCONT), with every request that queued up meanwhile.</summary>
    public void Resume() => Signals.Send(_process.Id, Signals.Continue);

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
