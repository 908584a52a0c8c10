using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Diagnostics;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;

namespace DualRobot.Tests.Reliability;

/// <summary>
/// What stops a robot when the api cannot: the watchdog script the api left in the robot's pigpiod (the emulator).
/// The api is a real process, frozen, cut off or killed in the middle of a drive; the pins are read at the emulator,
/// which says which commands the script wrote and how much delay the script had counted since its last kick. That
/// count, not a clock, shows "within lease + margin".
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class OnRobotDeadmanProcessTests : IAsyncLifetime
{
    private const int LeaseMs = 500;
    private const int MarginMs = 250;
    private const int TickMs = 10;
    private static readonly int[] LinusDirectionPins = RobotSettings.LinusDirectionPins;
    private static readonly int[] LinusMotorPins = [12, 26, .. LinusDirectionPins];
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly PigpioEmulator _daemon = new();
    private ApiProcess _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync() => (_api, _client) = await StartApiAsync();

    [Fact]
    public async Task ApiFrozenMidDrive_TheScriptStopsTheMotors_WhileTheApiSleeps()
    {
        await DriveForwardAsync();

        _api.Pause();
        try
        {
            await AssertTheScriptStoppedTheMotorsAsync();
            Assert.True(_api.IsPaused, "the api was frozen the whole time");
        }
        finally
        {
            _api.Resume();
        }

        // Awake again, the api's own deadman stops the robot, and its stop learns that the script had fired.
        await Eventually.True(async () => (await StateAsync()).Motion == "stop", "the api's state says stopped", Generous);
        await Eventually.True(async () => await WatchdogFiresAsync(_client) == 1, "the api counts the watchdog's fire", Generous);
    }

    [Fact]
    public async Task LinkCutMidDrive_TheScriptStopsTheMotors_ThenTheReconnectReplacesIt()
    {
        await DriveForwardAsync();
        var old = Assert.Single(_daemon.Scripts);

        // The daemon's side closes the connection and refuses the api's reconnects.
        _daemon.Stop();

        await AssertTheScriptStoppedTheMotorsAsync();
        await Eventually.True(async () => !(await StateAsync()).Connected, "the api sees the link is gone", Generous);

        _daemon.ClearRequests();
        _daemon.Restart(resetPins: false);
        await Eventually.True(async () => await StateAsync() is { Connected: true, WatchdogArmed: true, Motion: "stop" },
            "Linus is back, stopped, with a new watchdog", Generous);
        Assert.Single(_daemon.Scripts);
        Assert.Contains(_daemon.Requests, r => r.Command == 39 && r.P1 == (uint)old.Id);
        Assert.Equal(1, await WatchdogFiresAsync(_client));
    }

    [Fact]
    public async Task ApiKilledMidDrive_TheScriptStopsTheMotors_AndTheNextApiReplacesIt()
    {
        await DriveForwardAsync();
        var old = Assert.Single(_daemon.Scripts);

        _api.Kill();

        await AssertTheScriptStoppedTheMotorsAsync();
        using var exited = new CancellationTokenSource(Generous);
        await _api.WaitForExitAsync(exited.Token);
        _client.Dispose();
        await _api.DisposeAsync();
        _daemon.ClearRequests();

        // A new api process cannot know the old script's id: it finds it by its marker and replaces it.
        (_api, _client) = await StartApiAsync();
        Assert.Single(_daemon.Scripts);
        Assert.Contains(_daemon.Requests, r => r.Command == 39 && r.P1 == (uint)old.Id);
        Assert.Equal("stop", (await StateAsync()).Motion);
        Assert.Equal(1, await WatchdogFiresAsync(_client));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _daemon.DisposeAsync();
    }

    private async Task<(ApiProcess, HttpClient)> StartApiAsync()
    {
        var api = await ApiProcess.StartAsync(new Dictionary<string, string>(RobotSettings.PigpioEnvironment(_daemon.Port))
        {
            ["Pigpio__WatchdogMarginMs"] = MarginMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pigpio__ReconnectMinDelay"] = "00:00:00.050",
            ["Pigpio__ReconnectMaxDelay"] = "00:00:00.250",
        });
        var client = api.CreateClient();
        await Eventually.True(async () => (await client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))! is { Connected: true, WatchdogArmed: true },
            "Linus connects with its watchdog armed", Generous);

        await RobotReady.WaitAsync(client, "linus", Generous);
        return (api, client);
    }

    private async Task DriveForwardAsync()
    {
        using var drive = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", speed = 0.8, leaseMs = LeaseMs });
        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Equal([1, 0, 1, 0], LinusDirectionPins.Select(_daemon.GetLevel));
        Assert.Empty(_daemon.ScriptCommands);
    }

    /// <summary>Every motor pin went off by the script's hand, at lease + margin of its own count (at most a tick more).</summary>
    private async Task AssertTheScriptStoppedTheMotorsAsync()
    {
        await _daemon.WaitForScriptCommandAsync(c => c.P1 == (uint)LinusDirectionPins[^1], Generous);
        var writes = _daemon.ScriptCommands;
        Assert.Equal(LinusMotorPins, writes.Select(c => (int)c.P1));
        Assert.All(writes, c => Assert.InRange(
            c.DelaySinceUpdate, TimeSpan.FromMilliseconds(LeaseMs + MarginMs), TimeSpan.FromMilliseconds(LeaseMs + MarginMs + TickMs - 1)));
        Assert.Equal([0, 0, 0, 0], LinusDirectionPins.Select(_daemon.GetLevel));
        Assert.Equal(0, _daemon.GetDutyCycle(12));
        Assert.Equal(0, _daemon.GetDutyCycle(26));
    }

    private async Task<RobotStateDto> StateAsync() => (await _client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!;

    private static async Task<double> WatchdogFiresAsync(HttpClient client) =>
        ProcessProbe.Metric(await client.GetStringAsync("/metrics"), RobotMetrics.WatchdogFiresTotal, "robot=\"Linus\"") ?? 0;
}
