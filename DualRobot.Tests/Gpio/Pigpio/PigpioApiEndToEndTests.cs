using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Apis;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Gpio.Pigpio;

/// <summary>
/// HTTP command → bytes on the wire → pin levels at a pigpiod emulator on 127.0.0.1: the path a real robot takes.
/// Linus is on the emulator; Torvalds stays simulated, to show one robot's trouble never reaches the other.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class PigpioApiEndToEndTests : IAsyncLifetime
{
    private const uint Bc1 = 12;
    private const uint Bs1 = 14;
    private const uint Write = 4;
    private const uint Procu = 117;
    private const uint Procp = 45;
    private static readonly int[] LinusDirectionPins = RobotSettings.LinusDirectionPins;

    private readonly PigpioEmulator _daemon = new();
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = new ApiFactory(new Dictionary<string, string?>(RobotSettings.Pigpio(_daemon.Port))
        {
            ["Pigpio:ReconnectMinDelay"] = "00:00:00.050",
            ["Pigpio:ReconnectMaxDelay"] = "00:00:00.200",
        });
        _client = _api.CreateAuthorizedClient();
        await Eventually.True(() => _api.Robot("Linus").GetState().Connected, "Linus connects to the emulator");
    }

    [Fact]
    public async Task Drive_ReachesTheEmulator_AsKickClearSetAndStatus_InOneRoundTrip()
    {
        // The first motion also sets the enable duty (0 → full speed); after that only the inputs change.
        await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "backward", leaseMs = 5000 });
        var backend = (DualRobot.Api.Gpio.Pigpio.PigpioGpioBackend)_api.Robot("Linus").Backend;
        var roundTripsBefore = backend.RoundTrips;
        _daemon.ClearRequests();

        using var response = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, backend.RoundTrips - roundTripsBefore);
        Assert.Equal([1, 0, 1, 0], LinusDirectionPins.Select(_daemon.GetLevel));
        var requests = _daemon.Requests;
        // Speed unchanged (full), so the motion is the watchdog's kick, BC1, BS1 and the watchdog's status, in that
        // order on one connection: the daemon holds the new lease before any pin moves.
        Assert.Equal([Procu, Bc1, Bs1, Procp], requests.Select(r => r.Command));
        var watchdog = Assert.Single(_daemon.Scripts);
        Assert.Equal((uint)watchdog.Id, requests[0].P1);
        Assert.Equal(4u, requests[0].P3);
        Assert.Equal((1u << 21) | (1u << 27), requests[1].P1);
        Assert.Equal((1u << 13) | (1u << 17), requests[2].P1);
        Assert.Equal(new byte[] { 14, 0, 0, 0, 0x00, 0x20, 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 }, requests[2].Raw);
    }

    [Fact]
    public async Task Drive_WithNewSpeed_SetsTheEnableDutyAtTheDaemon()
    {
        using var response = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "backward", speed = 0.25, leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0, 1, 0, 1], LinusDirectionPins.Select(_daemon.GetLevel));
        Assert.Equal(0.25, _daemon.GetDutyCycle(12), precision: 4);
        Assert.Equal(0.25, _daemon.GetDutyCycle(26), precision: 4);
    }

    [Fact]
    public async Task EyeAndServo_ReachTheEmulator()
    {
        _daemon.ClearRequests();

        await _client.PostAsJsonAsync("/robots/linus/eye", new { state = "on" });
        await _client.PutAsJsonAsync("/robots/linus/servos/0", new { angle = 45 });

        Assert.Equal(1, _daemon.GetLevel(RobotSettings.LinusEye));
        Assert.Contains(_daemon.Requests, r => r.Command == Write && r.P1 == 16 && r.P2 == 1);
        // 1.75 ms of a 20 ms frame.
        Assert.Equal(1750.0 / 20_000, _daemon.GetDutyCycle(22), precision: 4);
    }

    [Fact]
    public async Task DaemonRestart_MidDrive_503WhileDown_ThenSafeStateAndNoResume()
    {
        await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });
        await _client.PostAsJsonAsync("/robots/linus/eye", new { state = "on" });

        _daemon.Stop();
        await Eventually.True(() => !_api.Robot("Linus").GetState().Connected, "the api notices the daemon is gone");

        using (var whileDown = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "left", leaseMs = 5000 }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
            Assert.Equal(ProblemTypes.BackendUnavailable, (await whileDown.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
        }

        using (var torvalds = await _client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "forward", leaseMs = 5000 }))
        {
            Assert.Equal(HttpStatusCode.OK, torvalds.StatusCode);
        }

        var health = await _client.GetStringAsync("/health");
        Assert.Contains("Degraded", health);

        // A network blip: the daemon kept its outputs, so only the api's safe state can turn them off.
        _daemon.Restart(resetPins: false);
        await Eventually.True(() => _api.Robot("Linus").GetState().Connected, "Linus reconnects by itself");
        // The safe state writes the pins, then records and publishes the state: both are waited for.
        await Eventually.True(() => LinusDirectionPins.All(pin => _daemon.GetLevel(pin) == 0) && _daemon.GetLevel(RobotSettings.LinusEye) == 0
            && _api.Robot("Linus").GetState() is { Motion: Direction.Stop, Eye: EyeState.Off },
            "the reconnected robot is put in its safe state, on its pins and in its state");

        using var after = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "right", leaseMs = 5000 });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal([1, 0, 0, 1], LinusDirectionPins.Select(_daemon.GetLevel));
        await _client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task SwallowingDaemon_CommandTimesOutWith503_NeverHangs()
    {
        _daemon.SwallowRequests = true;

        using var response = await _client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        _daemon.SwallowRequests = false;
    }

    [Fact]
    public async Task UnreachableHost_StartsAnyway_AndAnswers503()
    {
        var port = Network.FreeTcpPort();
        using var api = new ApiFactory(RobotSettings.Pigpio(port));
        using var client = api.CreateAuthorizedClient();

        using var response = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward" });
        var state = await client.GetFromJsonAsync<RobotStateDto>("/robots/linus");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(state!.Connected);
        Assert.Contains("Degraded", await client.GetStringAsync("/health"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        await _daemon.DisposeAsync();
    }
}
