using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using DualRobot.Frontend.Operators;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// The scaled-out system on loopback, with real parts only: Debian's redis-server, two api instances sharing the
/// robots (<c>Shard:Name</c> api-0 and api-1, each with its own audit trail and lock), two console processes sharing
/// Redis and following both apis, and Debian's nginx in front of the consoles, round robin. Started once for the
/// collection; a test that stops a process starts it again (same port, same audit trail) before it ends.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    public const string Password = "scale-out-operator-password";

    /// <summary>The plain operator, a supervisor (may release the e-stop).</summary>
    public const string Supervisor = "operator";

    /// <summary>A failed sign-in budget per account small enough for a test to use up.</summary>
    public const int FailuresPerAccount = 10;

    /// <summary>The default per-address limit (Operators:SignInAttemptsPerMinute).</summary>
    public const int AttemptsPerAddress = 10;

    public static readonly string[] Shards = ["api-0", "api-1"];

    /// <summary>Each robot and the api instance that drives it: two on each.</summary>
    public static readonly IReadOnlyDictionary<string, string> RobotShards = new Dictionary<string, string>
    {
        ["Linus"] = "api-0",
        ["Ada"] = "api-0",
        ["Torvalds"] = "api-1",
        ["Grace"] = "api-1",
    };

    /// <summary>Operators with accounts of their own (hashed passwords), one robot each in the rolling restart.</summary>
    public static readonly string[] Operators = ["olga", "omar", "oona", "otis"];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dualrobot-scale-out-");
    private readonly int[] _apiPorts = [Network.FreeTcpPort(), Network.FreeTcpPort()];
    private readonly int[] _consolePorts = [Network.FreeTcpPort(), Network.FreeTcpPort()];
    private readonly ApiProcess?[] _apis = new ApiProcess?[2];
    private readonly ApiProcess?[] _consoles = new ApiProcess?[2];

    public RedisServer Redis { get; private set; } = null!;

    public LoadBalancer Balancer { get; private set; } = null!;

    /// <summary>Whether every tool was there to start the system (else each test fails or skips on <see cref="Tools.Require"/>).</summary>
    public bool Started { get; private set; }

    public ApiProcess Api(int index) => _apis[index] ?? throw new InvalidOperationException($"{Shards[index]} is not running.");

    public ApiProcess Console(int index) => _consoles[index] ?? throw new InvalidOperationException($"console {index} is not running.");

    public Uri ConsoleAddress(int index) => new($"http://127.0.0.1:{_consolePorts[index].ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The api instance (index) that drives <paramref name="robot"/>.</summary>
    public static int ShardOf(string robot) => Array.IndexOf(Shards, RobotShards[robot]);

    public async Task InitializeAsync()
    {
        if (Tools.Check(Tools.RedisServer).Path is null || Tools.Check(Tools.Nginx).Path is null)
        {
            return;
        }

        Redis = await RedisServer.StartAsync();
        await Task.WhenAll(StartApiAsync(0), StartApiAsync(1));
        await Task.WhenAll(StartConsoleAsync(0), StartConsoleAsync(1));
        Balancer = await LoadBalancer.StartAsync(_consolePorts);
        Started = true;
    }

    /// <summary>Fails the test (or, off CI, it was skipped) unless the system is up.</summary>
    public void Require()
    {
        Tools.Require(Tools.RedisServer);
        Tools.Require(Tools.Nginx);
        Assert.True(Started, "the scaled-out system did not start");
    }

    public async Task StartApiAsync(int index)
    {
        var settings = new Dictionary<string, string>
        {
            ["Shard__Name"] = Shards[index],
            ["Audit__Path"] = Path.Combine(_directory.FullName, Shards[index], "audit.db"),
        };
        foreach (var (robot, shard) in RobotShards)
        {
            settings[$"Robots__{robot}__Shard"] = shard;
        }

        // Ada and Grace beside the two robots of appsettings.json, wired as Torvalds (each simulated robot has its own pins).
        foreach (var robot in new[] { "Ada", "Grace" })
        {
            settings[$"Robots__{robot}__LeftMotor__Forward"] = "8";
            settings[$"Robots__{robot}__LeftMotor__Backward"] = "7";
            settings[$"Robots__{robot}__RightMotor__Forward"] = "9";
            settings[$"Robots__{robot}__RightMotor__Backward"] = "10";
            settings[$"Robots__{robot}__Eye"] = "25";
        }

        _apis[index] = await ApiProcess.StartAsync(settings, ApiProcess.Api, _apiPorts[index]);
    }

    /// <summary>Stops an api instance as Kubernetes does (SIGTERM) and waits until it has exited.</summary>
    public async Task StopApiAsync(int index)
    {
        var api = Api(index);
        api.Terminate();
        await WaitForExitAsync(api);
        await api.DisposeAsync();
        _apis[index] = null;
    }

    /// <summary>Starts console <paramref name="index"/> on its port and waits until it shows every robot of both instances.</summary>
    public async Task StartConsoleAsync(int index)
    {
        var hash = OperatorCredentials.Hash(Password);
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["Operators__Password"] = Password,
            ["Operators__SignInFailuresPerAccountPerHour"] = FailuresPerAccount.ToString(CultureInfo.InvariantCulture),
            ["Operators__SignInAttemptsPerMinute"] = AttemptsPerAddress.ToString(CultureInfo.InvariantCulture),
            // nginx names the client; a client naming itself in the header is believed only from loopback.
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
            // The build output has no wwwroot (a Production console serves its published one): the page's scripts.
            ["ASPNETCORE_WEBROOT"] = RepositoryPaths.Combine("DualRobot.Frontend", "wwwroot"),
        };
        for (var shard = 0; shard < Shards.Length; shard++)
        {
            settings[$"Api__Instances__{Shards[shard]}"] = $"http://127.0.0.1:{_apiPorts[shard].ToString(CultureInfo.InvariantCulture)}";
        }

        foreach (var user in Operators)
        {
            settings[$"Operators__Users__{user}__PasswordHash"] = hash;
        }

        _consoles[index] = await ApiProcess.StartAsync(settings, ApiProcess.Frontend, _consolePorts[index]);
        await WaitForFleetAsync(ConsoleAddress(index), RobotShards.Keys);
    }

    /// <summary>A crash (SIGKILL): the console ends at once, its sockets and streams cut.</summary>
    public async Task KillConsoleAsync(int index)
    {
        var console = Console(index);
        console.Kill();
        await WaitForExitAsync(console);
        await console.DisposeAsync();
        _consoles[index] = null;
    }

    /// <summary>A rollout's stop (SIGTERM), waited for.</summary>
    public async Task StopConsoleAsync(int index)
    {
        var console = Console(index);
        console.Terminate();
        await WaitForExitAsync(console);
        await console.DisposeAsync();
        _consoles[index] = null;
    }

    /// <summary>Waits until <paramref name="console"/>'s <c>/events</c> shows every robot, none of them unreachable.</summary>
    public static async Task WaitForFleetAsync(Uri console, IEnumerable<string> robots)
    {
        var expected = robots.ToHashSet(StringComparer.OrdinalIgnoreCase);
        using var http = new HttpClient { BaseAddress = console };
        await Eventually.True(async () =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                using var response = await http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
                await using var stream = await response.Content.ReadAsStreamAsync(cancel.Token);
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancel.Token))
                {
                    using var json = JsonDocument.Parse(item.Data);
                    if (item.EventType == "console" && (!json.RootElement.GetProperty("apiReachable").GetBoolean()
                                                        || json.RootElement.GetProperty("unreachable").GetArrayLength() > 0))
                    {
                        return false;
                    }

                    if (item.EventType == "state")
                    {
                        seen.Add(json.RootElement.GetProperty("name").GetString()!);
                        if (seen.SetEquals(expected))
                        {
                            return true;
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
            {
            }

            return false;
        }, $"{console} shows {string.Join(", ", expected)}, every instance reachable", TimeSpan.FromMinutes(1));
    }

    private static async Task WaitForExitAsync(ApiProcess process)
    {
        using var exit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(exit.Token);
    }

    public async Task DisposeAsync()
    {
        if (Balancer is not null)
        {
            await Balancer.DisposeAsync();
        }

        foreach (var process in _consoles.Concat(_apis).OfType<ApiProcess>())
        {
            await process.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        _directory.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutFixture>
{
    public const string Name = "Scale-out: two apis, two consoles, Redis, nginx";
}
