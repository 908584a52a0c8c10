using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// Debian's redis-server as a child process on 127.0.0.1 and a free port, with its own directory and no persistence
/// (the tests' store lives as long as the fixture).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly ConnectionMultiplexer _client;

    private RedisServer(ChildProcess process, DirectoryInfo directory, int port, ConnectionMultiplexer client)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _client = client;
    }

    public int Port { get; }

    /// <summary>What a console's <c>ConnectionStrings__redis</c> says.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = Tools.Require(Tools.RedisServer);
        var directory = Directory.CreateTempSubdirectory("dualrobot-redis-");
        var port = Network.FreeTcpPort();
        var process = ChildProcess.Start(new ProcessStartInfo(executable,
        [
            "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", directory.FullName,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
        ]));
        ConnectionMultiplexer? client = null;
        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                Assert.Fail($"redis-server exited with {process.ExitCode}:\n{process.Log}");
            }

            try
            {
                client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true,connectTimeout=1000,allowAdmin=true");
                return true;
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        }, "redis-server answers");
        return new RedisServer(process, directory, port, client!);
    }

    public IDatabase Database => _client.GetDatabase();

    /// <summary>How many times each command (lower case: get, set, evalsha...) ran since the server started.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CommandCallsAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        var info = await _client.GetServer(_client.GetEndPoints()[0]).InfoAsync("commandstats");
        foreach (var (key, value) in info.SelectMany(group => group))
        {
            // cmdstat_get: calls=5,usec=...
            if (key.StartsWith("cmdstat_", StringComparison.Ordinal)
                && value.Split(',').FirstOrDefault(part => part.StartsWith("calls=", StringComparison.Ordinal)) is { } part)
            {
                calls[key["cmdstat_".Length..]] = long.Parse(part["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
