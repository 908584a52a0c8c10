using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Apis;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Reliability;

/// <summary>
/// pigpiod faults against the api as a real process (its own metrics registry, threads and memory): Linus on the
/// emulator, Torvalds simulated. Only behaviour is asserted; every wait has a generous limit that only stops a hang.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DaemonFaultTests : IAsyncLifetime
{
    private const string Connected = "dualrobot_backend_connected";
    private const string Reconnects = "dualrobot_backend_reconnects_total";
    private const string LinusPigpio = "robot=\"Linus\",backend=\"Pigpio\"";
    private const string LinusOnly = "robot=\"Linus\"";
    private static readonly int[] LinusDirectionPins = RobotSettings.LinusDirectionPins;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly PigpioEmulator _daemon = new();
    private ApiProcess _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiProcess.StartAsync(new Dictionary<string, string>(RobotSettings.PigpioEnvironment(_daemon.Port))
        {
            ["Pigpio__CommandTimeout"] = "00:00:00.200",
            ["Pigpio__ReconnectMinDelay"] = "00:00:00.050",
            ["Pigpio__ReconnectMaxDelay"] = "00:00:00.250",
        });
        _client = _api.CreateClient();
        await Eventually.True(async () => (await _client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.Connected, "Linus connects");
        await RobotReady.WaitAsync(_client, "linus", Generous);
    }

    [Fact]
    public async Task DaemonDiesMidDrive_MetricsShowDisconnected_HeartbeatIs503_ThenConnectedAndOneMoreReconnect()
    {
        var before = await MetricsAsync();
        Assert.Equal(1, ProcessProbe.Metric(before, Connected, LinusPigpio));
        var reconnectsBefore = ProcessProbe.Metric(before, Reconnects, LinusOnly);
        Assert.NotNull(reconnectsBefore);
        using (var drive = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 }))
        {
            Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        }

        _daemon.Stop();

        await Eventually.True(async () => ProcessProbe.Metric(await MetricsAsync(), Connected, LinusPigpio) == 0,
            "/metrics shows Linus's pigpio backend disconnected", Generous);
        var whileDown = await MetricsAsync();
        Assert.Equal(reconnectsBefore, ProcessProbe.Metric(whileDown, Reconnects, LinusOnly));
        using (var heartbeat = await _client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 5000 }))
        {
            // Not a 200 that would keep the driver's controls "live" while nothing can reach the pins.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, heartbeat.StatusCode);
        }

        // The simulated robot's gauge is its own series and stays up.
        Assert.Equal(1, ProcessProbe.Metric(whileDown, Connected, "robot=\"Torvalds\",backend=\"Simulated\""));

        _daemon.Restart(resetPins: false);

        await Eventually.True(async () => ProcessProbe.Metric(await MetricsAsync(), Connected, LinusPigpio) == 1,
            "/metrics shows Linus's pigpio backend connected again", Generous);
        await Eventually.True(async () => ProcessProbe.Metric(await MetricsAsync(), Reconnects, LinusOnly) == reconnectsBefore + 1,
            "dualrobot_backend_reconnects_total counts the reconnection", Generous);
        await Eventually.True(() => LinusDirectionPins.All(pin => _daemon.GetLevel(pin) == 0), "the reconnected robot is stopped at the daemon", Generous);
    }

    public static TheoryData<string> Faults => new() { "slow", "swallow" };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task SlowOrHungDaemon_CommandsReturn503_ResourcesBounded_OtherRobotServed_ThenRecovers(string fault)
    {
        const int Concurrent = 30;
        const int Rounds = 3;
        var threadsBefore = ProcessProbe.Threads(_api.Id);
        var memoryBefore = ProcessProbe.ResidentBytes(_api.Id);

        // Replies slower than Pigpio:CommandTimeout (200 ms), or never.
        if (fault == "slow")
        {
            _daemon.ReplyDelay = TimeSpan.FromMilliseconds(500);
        }
        else
        {
            _daemon.SwallowRequests = true;
        }

        var peakThreads = 0;
        for (var round = 0; round < Rounds; round++)
        {
            using var torvaldsRunning = new CancellationTokenSource();
            var torvalds = KeepTorvaldsBusyAsync(torvaldsRunning.Token);

            var linus = Enumerable.Range(0, Concurrent).Select(i => SendLinusCommandAsync(i)).ToArray();
            var statuses = await Task.WhenAll(linus).WaitAsync(Generous);
            peakThreads = Math.Max(peakThreads, ProcessProbe.Threads(_api.Id));

            await torvaldsRunning.CancelAsync();
            var torvaldsStatuses = await torvalds.WaitAsync(Generous);

            // Every command came back, and none pretended to have worked.
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
            Assert.NotEmpty(torvaldsStatuses);
            Assert.All(torvaldsStatuses, s => Assert.Equal(HttpStatusCode.OK, s));
        }

        // Generous bounds: they catch a thread or buffer per queued command, never a slow machine.
        Assert.True(peakThreads <= threadsBefore + 50, $"threads grew from {threadsBefore} to {peakThreads}");
        var memoryAfter = ProcessProbe.ResidentBytes(_api.Id);
        Assert.True(memoryAfter <= memoryBefore + (150L << 20), $"resident memory grew from {memoryBefore >> 20} MiB to {memoryAfter >> 20} MiB");
        Assert.False(_api.HasExited);

        _daemon.ReplyDelay = TimeSpan.Zero;
        _daemon.SwallowRequests = false;

        await Eventually.True(async () =>
        {
            using var drive = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "right", leaseMs = 5000 });
            return drive.StatusCode == HttpStatusCode.OK;
        }, "Linus works again once the daemon answers normally", Generous);
        Assert.Equal([1, 0, 0, 1], LinusDirectionPins.Select(_daemon.GetLevel));
        using var stop = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    private async Task<HttpStatusCode> SendLinusCommandAsync(int i)
    {
        using var response = (i % 3) switch
        {
            0 => await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = i % 2 == 0 ? "forward" : "left", leaseMs = 5000 }),
            1 => await _client.PostAsJsonAsync("/robots/linus/eye", new { state = "on" }),
            _ => await _client.PutAsJsonAsync("/robots/linus/servos/0", new { angle = i }),
        };
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal(ProblemTypes.BackendUnavailable, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
        }

        return response.StatusCode;
    }

    /// <summary>Torvalds's commands while Linus is stuck: at least one, at most a bounded number.</summary>
    private async Task<List<HttpStatusCode>> KeepTorvaldsBusyAsync(CancellationToken stop)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 200 && (i == 0 || !stop.IsCancellationRequested); i++)
        {
            using var response = await _client.PostAsJsonAsync("/robots/torvalds/eye", new { state = i % 2 == 0 ? "on" : "off" }, CancellationToken.None);
            statuses.Add(response.StatusCode);
            using var read = await _client.GetAsync("/robots/torvalds", CancellationToken.None);
            statuses.Add(read.StatusCode);
        }

        return statuses;
    }

    private Task<string> MetricsAsync() => _client.GetStringAsync("/metrics");

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _daemon.DisposeAsync();
    }
}
