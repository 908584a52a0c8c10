using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DualRobot.TestSupport;

namespace DualRobot.Benchmarks;

/// <summary>
/// Debian's <c>redis-server</c> as a child process on 127.0.0.1 and a free port, no persistence, for the Redis hop's
/// measure (issue 32). Its counters are read over a bare RESP connection, not a client library: a library's own
/// heartbeats and handshakes would add to the very command counts the measure reports.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private RedisProcess(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What a console's <c>ConnectionStrings__redis</c> says.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The Debian package's server, or null when it is not installed (the measure then says so).</summary>
    public static string? Executable() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static async Task<RedisProcess> StartAsync(string executable)
    {
        var directory = Directory.CreateTempSubdirectory("dualrobot-bench-redis-");
        var port = Network.FreeTcpPort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", directory.FullName,
                     "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var redis = new RedisProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {executable}."), directory, port);
        redis._process.BeginOutputReadLine();
        redis._process.BeginErrorReadLine();
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                if ((await redis.QueryAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return redis;
                }
            }
            catch (SocketException) when (!redis._process.HasExited && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20))
            {
            }

            await Task.Delay(20);
        }
    }

    /// <summary>How many times each command (lower case: get, set, evalsha, publish...) ran since the server started.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CommandCallsAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in (await QueryAsync("INFO commandstats")).Split("\r\n"))
        {
            // cmdstat_get:calls=5,usec=...
            if (line.StartsWith("cmdstat_", StringComparison.Ordinal) && line.Split(':', 2) is [var name, var values]
                && values.Split(',').FirstOrDefault(part => part.StartsWith("calls=", StringComparison.Ordinal)) is { } part)
            {
                calls[name["cmdstat_".Length..]] = long.Parse(part["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    /// <summary>One inline command and its whole reply (a bulk reply is read to its announced length).</summary>
    private async Task<string> QueryAsync(string command)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var reply = new StringBuilder();
        var buffer = new byte[16 * 1024];
        while (await socket.ReceiveAsync(buffer) is var read and > 0)
        {
            reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = reply.ToString();
            var header = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (header >= 0 && (text[0] != '$' || text.Length >= header + 2 + int.Parse(text[1..header], CultureInfo.InvariantCulture) + 2))
            {
                return text;
            }
        }

        return reply.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
