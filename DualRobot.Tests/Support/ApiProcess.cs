using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DualRobot.Tests.Support;

/// <summary>
/// The api as a real process (its own build output, real Kestrel on 127.0.0.1), for what only a process shows:
/// signals, exit, memory.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string ApiKey = "process-test-api-key-0123456789";
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringWriter _output = new();

    private ApiProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.WriteLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.WriteLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> settings)
    {
        var port = FreePort();
        var directory = BuildOutput("DualRobot.Api");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, "DualRobot.Api.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Control__ApiKey"] = ApiKey;
        start.Environment["Control__MaxCommandsPerSecond"] = "0";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new ApiProcess(Process.Start(start)!, port);
        using var client = process.CreateClient();
        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"The api exited with {process.ExitCode}:\n{process.Output}");
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
        }, "the api process answers /alive", TimeSpan.FromMinutes(1));
        return process;
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
    public void Terminate() => Assert.Equal(0, Kill(_process.Id, SigTerm));

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DualRobot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("DualRobot.sln not found above the test output.");
    }

    /// <summary>The project's own bin folder in the configuration the tests were built in.</summary>
    public static string BuildOutput(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(RepositoryRoot(), project, "bin", configuration, "net10.0");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
