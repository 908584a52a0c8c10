using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// Debian's nginx in front of the console replicas, round robin, as a child process with its own configuration,
/// temporary files and log in a directory of its own (no system configuration, no service). It passes WebSockets and
/// event streams through unbuffered, and names the client in <c>X-Forwarded-For</c>, which the consoles believe from
/// 127.0.0.1 only (<c>ForwardedHeaders:KnownProxies</c>). A replica it cannot connect to is skipped for the request
/// and left out for two seconds.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly DirectoryInfo _directory;

    private LoadBalancer(ChildProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public Uri Address { get; }

    public string Log => _process.Log + ReadErrorLog();

    public static async Task<LoadBalancer> StartAsync(IEnumerable<int> upstreamPorts)
    {
        var nginx = Tools.Require(Tools.Nginx);
        var directory = Directory.CreateTempSubdirectory("dualrobot-nginx-");
        var port = Network.FreeTcpPort();
        var configuration = Path.Combine(directory.FullName, "nginx.conf");
        await File.WriteAllTextAsync(configuration, Configuration(directory.FullName, port, upstreamPorts));
        var process = ChildProcess.Start(new ProcessStartInfo(nginx, ["-p", directory.FullName, "-c", configuration, "-e", Path.Combine(directory.FullName, "error.log")]));
        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"nginx exited with {process.ExitCode}:\n{process.Log}{File.ReadAllText(Path.Combine(directory.FullName, "error.log"))}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "nginx listens");
        return new LoadBalancer(process, directory, port);
    }

    private static string Configuration(string directory, int port, IEnumerable<int> upstreamPorts) => $$"""
        # Written by the tests' LoadBalancer: nginx round robin over the console replicas on loopback.
        daemon off;
        worker_processes 1;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log warn;
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path {{directory}}/client-body;
          proxy_temp_path {{directory}}/proxy;
          fastcgi_temp_path {{directory}}/fastcgi;
          uwsgi_temp_path {{directory}}/uwsgi;
          scgi_temp_path {{directory}}/scgi;
          upstream consoles {
        {{string.Join("\n", upstreamPorts.Select(p => $"    server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=2s;"))}}
          }
          map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
          server {
            listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
            location / {
              proxy_pass http://consoles;
              proxy_http_version 1.1;
              proxy_set_header Host $http_host;
              proxy_set_header Upgrade $http_upgrade;
              proxy_set_header Connection $connection_upgrade;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_buffering off;
              proxy_read_timeout 1h;
              proxy_connect_timeout 2s;
              proxy_next_upstream error timeout;
            }
          }
        }
        """;

    /// <summary>
    /// Freezes nginx, master and workers (SIGSTOP), as a balancer that holds requests while it fails over would: the
    /// kernel still takes what clients send, and it goes on to the consoles when <see cref="Thaw"/> lets nginx run.
    /// </summary>
    public void Freeze() => Signal(Signals.Stop);

    public void Thaw() => Signal(Signals.Continue);

    private void Signal(int signal)
    {
        var children = File.ReadAllText($"/proc/{_process.Id}/task/{_process.Id}/children")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);
        foreach (var pid in children.Prepend(_process.Id))
        {
            Signals.Send(pid, signal);
        }
    }


    private string ReadErrorLog()
    {
        try
        {
            return File.ReadAllText(Path.Combine(_directory.FullName, "error.log"));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}
