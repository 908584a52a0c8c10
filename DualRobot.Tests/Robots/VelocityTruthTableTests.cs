using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;

namespace DualRobot.Tests.Robots;

/// <summary>Both robots on one pigpiod emulator (their pins differ), driven through the api over the wire.</summary>
public sealed class PigpioFleetFixture : IAsyncLifetime
{
    public PigpioEmulator Daemon { get; } = new();

    public ApiFactory Api { get; private set; } = null!;

    public Task InitializeAsync() => InitializeAsync([]);

    public async Task InitializeAsync(Dictionary<string, string?> extra)
    {
        var port = Daemon.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>
        {
            ["Robots:Linus:Backend"] = "Pigpio",
            ["Robots:Linus:Host"] = "127.0.0.1",
            ["Robots:Linus:Port"] = port,
            ["Robots:Torvalds:Backend"] = "Pigpio",
            ["Robots:Torvalds:Host"] = "127.0.0.1",
            ["Robots:Torvalds:Port"] = port,
            // A loaded CI machine can hold the emulator's reply past the 1 s default; this suite is about pins, not timeouts.
            ["Pigpio:CommandTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        Api = new ApiFactory(settings);
        await Eventually.True(() => Api.Robot("Linus").GetState().Connected && Api.Robot("Torvalds").GetState().Connected, "both robots connect to the emulator");
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Daemon.DisposeAsync();
    }
}

/// <summary>Velocity and tank commands at the pigpiod emulator's pins and duties: what a real H-bridge would see.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class VelocityTruthTableTests(PigpioFleetFixture fleet) : IClassFixture<PigpioFleetFixture>
{
    // Linus: left forward 13, backward 21, enable 12; right forward 17, backward 27, enable 26.
    private static readonly int[] LinusPins = [13, 21, 17, 27];
    private static readonly int[] LinusEnables = [12, 26];

    // Torvalds (no enable pins): left forward 8, backward 7; right forward 9, backward 10.
    private static readonly int[] TorvaldsPins = [8, 7, 9, 10];

    private const uint Bc1 = 12;
    private const uint Bs1 = 14;
    private const uint Pwm = 5;
    private const uint Procu = 117;
    private const uint Procp = 45;

    public static TheoryData<string, string, int[], double[]> Linus => new()
    {
        // name, body, levels of [LF, LB, RF, RB], duties of [left enable, right enable]
        { "forward", """{"linear":0.5,"angular":0}""", [1, 0, 1, 0], [0.5, 0.5] },
        { "reverse", """{"linear":-0.5,"angular":0}""", [0, 1, 0, 1], [0.5, 0.5] },
        { "spin counter-clockwise", """{"linear":0,"angular":0.6}""", [0, 1, 1, 0], [0.6, 0.6] },
        { "spin clockwise", """{"linear":0,"angular":-0.6}""", [1, 0, 0, 1], [0.6, 0.6] },
        { "arc left", """{"linear":0.6,"angular":0.2}""", [1, 0, 1, 0], [0.4, 0.8] },
        { "arc right", """{"linear":0.6,"angular":-0.2}""", [1, 0, 1, 0], [0.8, 0.4] },
        { "reverse arc, counter-clockwise", """{"linear":-0.6,"angular":0.2}""", [0, 1, 0, 1], [0.8, 0.4] },
        { "reverse arc, clockwise", """{"linear":-0.6,"angular":-0.2}""", [0, 1, 0, 1], [0.4, 0.8] },
        { "beyond reach keeps the arc", """{"linear":1,"angular":0.5}""", [1, 0, 1, 0], [1 / 3.0, 1] },
        { "tank (0.5, -0.5)", """{"left":0.5,"right":-0.5}""", [1, 0, 0, 1], [0.5, 0.5] },
        { "tank, one side still", """{"left":0,"right":0.7}""", [0, 0, 1, 0], [0, 0.7] },
    };

    [Theory]
    [MemberData(nameof(Linus))]
    public async Task Velocity_SetsDirectionPinsAndEnableDuties(string name, string body, int[] levels, double[] duties)
    {
        using var client = fleet.Api.CreateAuthorizedClient();

        using var response = await Post(client, "/robots/linus/velocity", body);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(levels, LinusPins.Select(fleet.Daemon.GetLevel));
        Assert.Equal(duties[0], fleet.Daemon.GetDutyCycle(12), 4);
        Assert.Equal(duties[1], fleet.Daemon.GetDutyCycle(26), 4);
        var state = await response.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal("velocity", state!.Motion);
        Assert.Equal(duties[0] * Math.Sign(levels[0] - levels[1]), state.Left, 9);
        Assert.Equal(duties[1] * Math.Sign(levels[2] - levels[3]), state.Right, 9);
        Assert.True(state.Estimated);
        Assert.Null(state.Arena);

        await Stop(client, "linus");
    }

    public static TheoryData<string, int[], double, double> Torvalds => new()
    {
        // body, levels of [LF, LB, RF, RB], applied left and right
        { """{"linear":0.2,"angular":0}""", [0, 0, 0, 0], 0, 0 },
        { """{"linear":0.3,"angular":0}""", [1, 0, 1, 0], 1, 1 },
        { """{"left":0.1,"right":0.9}""", [0, 0, 1, 0], 0, 1 },
        { """{"left":-0.25,"right":0.24}""", [0, 1, 0, 0], -1, 0 },
        { """{"left":0.5,"right":-0.5}""", [1, 0, 0, 1], 1, -1 },
    };

    [Theory]
    [MemberData(nameof(Torvalds))]
    public async Task Velocity_WithoutEnablePins_RunsASideFullFromTheOnOffThreshold(string body, int[] levels, double left, double right)
    {
        using var client = fleet.Api.CreateAuthorizedClient();

        using var response = await Post(client, "/robots/torvalds/velocity", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(levels, TorvaldsPins.Select(fleet.Daemon.GetLevel));
        var state = await response.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal(left, state!.Left);
        Assert.Equal(right, state.Right);

        await Stop(client, "torvalds");
    }

    [Fact]
    public async Task VelocityThenStop_LeavesEveryDirectionPinLowAndEveryDutyZero()
    {
        using var client = fleet.Api.CreateAuthorizedClient();
        await Post(client, "/robots/linus/velocity", """{"linear":0.6,"angular":0.3}""");
        await Post(client, "/robots/torvalds/velocity", """{"left":1,"right":-1}""");

        using var linus = await Stop(client, "linus");
        using var torvalds = await Stop(client, "torvalds");

        Assert.Equal(HttpStatusCode.OK, linus.StatusCode);
        Assert.Equal(HttpStatusCode.OK, torvalds.StatusCode);
        Assert.All(LinusPins.Concat(TorvaldsPins), pin => Assert.Equal(0, fleet.Daemon.GetLevel(pin)));
        Assert.All(LinusEnables, pin => Assert.Equal(0, fleet.Daemon.GetDutyCycle(pin)));
        var state = await linus.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal(("stop", 0.0, 0.0), (state!.Motion, state.Left, state.Right));
    }

    [Fact]
    public async Task Velocity_IsOneRoundTrip_KickClearDutiesSetStatus()
    {
        using var client = fleet.Api.CreateAuthorizedClient();
        await Post(client, "/robots/linus/velocity", """{"linear":0.5,"angular":0}""");
        var backend = (PigpioGpioBackend)fleet.Api.Robot("Linus").Backend;
        var before = backend.RoundTrips;
        fleet.Daemon.ClearRequests();

        using var response = await Post(client, "/robots/linus/velocity", """{"linear":-0.6,"angular":0.2}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, backend.RoundTrips - before);
        var requests = fleet.Daemon.Requests.Where(r => r.ConnectionId == fleet.Daemon.Requests[0].ConnectionId).ToArray();
        // The watchdog's kick first (the daemon holds the new lease before any pin moves), its status read last.
        Assert.Equal([Procu, Bc1, Pwm, Pwm, Bs1, Procp], requests.Select(r => r.Command));
        Assert.Equal((1u << 13) | (1u << 17), requests[1].P1);
        Assert.Equal((1u << 21) | (1u << 27), requests[4].P1);

        await Stop(client, "linus");
    }

    [Fact]
    public async Task NoSide_EverHasBothDirectionPinsHigh_AcrossTransitions()
    {
        using var client = fleet.Api.CreateAuthorizedClient();
        var levels = new Dictionary<int, int>();
        var violations = new List<string>();
        void OnChange(object? sender, PinLevelChangedEventArgs e)
        {
            lock (levels)
            {
                levels[e.Pin] = e.Level;
                foreach (var (a, b) in new[] { (13, 21), (17, 27), (8, 7), (9, 10) })
                {
                    if (levels.GetValueOrDefault(a) == 1 && levels.GetValueOrDefault(b) == 1)
                    {
                        violations.Add($"pins {a} and {b} both high");
                    }
                }
            }
        }

        fleet.Daemon.PinChanged += OnChange;
        try
        {
            foreach (var body in new[]
                     {
                         """{"linear":1,"angular":0}""", """{"linear":-1,"angular":0}""", """{"left":1,"right":-1}""",
                         """{"left":-1,"right":1}""", """{"linear":0.6,"angular":0.2}""", """{"linear":-0.6,"angular":-0.2}""",
                     })
            {
                Assert.Equal(HttpStatusCode.OK, (await Post(client, "/robots/linus/velocity", body)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await Post(client, "/robots/torvalds/velocity", body)).StatusCode);
            }
        }
        finally
        {
            fleet.Daemon.PinChanged -= OnChange;
            await Stop(client, "linus");
            await Stop(client, "torvalds");
        }

        Assert.Empty(violations);
    }

    [Fact]
    public async Task DriveDirections_AreVelocityPresets_SameDutiesAndPins()
    {
        using var client = fleet.Api.CreateAuthorizedClient();

        using var drive = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "left", speed = 0.7, leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Equal([0, 1, 1, 0], LinusPins.Select(fleet.Daemon.GetLevel));
        Assert.Equal(0.7, fleet.Daemon.GetDutyCycle(12), 4);
        Assert.Equal(0.7, fleet.Daemon.GetDutyCycle(26), 4);
        var state = await drive.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal(("left", -0.7, 0.7), (state!.Motion, state.Left, state.Right));

        await Stop(client, "linus");
    }

    internal static Task<HttpResponseMessage> Post(HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    internal static Task<HttpResponseMessage> Stop(HttpClient client, string robot) =>
        client.PostAsJsonAsync($"/robots/{robot}/drive", new { direction = "stop" });
}

/// <summary>Per-side trim at the emulator: the duty is |value| × trim, so unequal motors drive straight.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class TrimTests : IAsyncLifetime
{
    private readonly PigpioFleetFixture _fleet = new();

    public Task InitializeAsync() => _fleet.InitializeAsync(new Dictionary<string, string?>
    {
        ["Robots:Linus:LeftMotor:Trim"] = "0.8",
        ["Robots:Linus:RightMotor:Trim"] = "0.95",
    });

    [Fact]
    public async Task Trim_ScalesEachSidesDuty()
    {
        using var client = _fleet.Api.CreateAuthorizedClient();

        using var response = await VelocityTruthTableTests.Post(client, "/robots/linus/velocity", """{"linear":0.5,"angular":0}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.4, _fleet.Daemon.GetDutyCycle(12), 4);
        Assert.Equal(0.475, _fleet.Daemon.GetDutyCycle(26), 4);
        var state = await response.Content.ReadFromJsonAsync<RobotStateDto>();
        // The state reports the side values asked of the wheels; trim is calibration below them.
        Assert.Equal((0.5, 0.5), (state!.Left, state.Right));
    }

    public Task DisposeAsync() => _fleet.DisposeAsync();
}
