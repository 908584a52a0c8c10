using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Gpio.Pigpio;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;
using DualRobot.Api.Diagnostics;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Reliability;
using DualRobot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots;

/// <summary>
/// The robot's own deadman as the api uses it: Linus on the pigpiod emulator (which runs its watchdog script), Torvalds
/// simulated. The robot's state says whether it has one, and never claims a motion the watchdog has ended.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class OnRobotDeadmanTests : IAsyncLifetime
{
    private static readonly int[] LinusDirectionPins = RobotSettings.LinusDirectionPins;
    private readonly PigpioEmulator _daemon = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task State_SaysTheWatchdogIsArmed_OnlyForTheRobotWhosePigpiodRunsIt()
    {
        await using var api = await StartAsync();
        using var client = api.CreateAuthorizedClient();

        Assert.True((await client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.WatchdogArmed);
        Assert.False((await client.GetFromJsonAsync<RobotStateDto>("/robots/torvalds"))!.WatchdogArmed);

        _daemon.Stop();
        await Eventually.True(async () => !(await client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.Connected, "Linus is cut off");
        Assert.False((await client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.WatchdogArmed);
    }

    [Fact]
    public async Task WatchdogFiredWhileTheApiLived_TheNextHeartbeatEndsTheMotionInTheState()
    {
        // The api's own lease runs on a clock that never moves, so only the script (in real time) can stop Linus.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var api = await StartAsync(time, marginMs: 0);
        using var client = api.CreateAuthorizedClient();
        var firesBefore = await WatchdogFiresAsync(client);
        using (var drive = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 50 }))
        {
            Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        }

        await _daemon.WaitForScriptCommandAsync(c => c.P1 == (uint)LinusDirectionPins[^1], Gpio.Pigpio.PigpioTestSupport.Generous);
        Assert.Equal(Direction.Forward, api.Robot("Linus").GetState().Motion);

        using var heartbeat = await client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 500 });

        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        var state = (await heartbeat.Content.ReadFromJsonAsync<RobotStateDto>())!;
        Assert.Equal("stop", state.Motion);
        Assert.Equal(0, state.LeaseRemainingMs);
        Assert.Equal([0, 0, 0, 0], LinusDirectionPins.Select(_daemon.GetLevel));
        Assert.Equal(firesBefore + 1, await WatchdogFiresAsync(client));
    }

    [Fact]
    public async Task SteadyHoldFor30Seconds_TheWatchdogNeverFires_AndEachCommandIsOneRoundTrip()
    {
        // Real time for 30 s: the longest lease and a generous reply timeout, so a starved CI machine (a pause of a
        // second or more between two heartbeats) is not mistaken for a lost link. What is asserted is unchanged.
        await using var api = await StartAsync(commandTimeout: TimeSpan.FromSeconds(10));
        using var client = api.CreateAuthorizedClient();
        var backend = (PigpioGpioBackend)api.Robot("Linus").Backend;
        var roundTrips = backend.RoundTrips;
        using (var drive = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", speed = 0.6, leaseMs = 5000 }))
        {
            Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        }

        Assert.Equal(roundTrips + 1, backend.RoundTrips);

        // The console's pace: a heartbeat every 150 ms while the key is held.
        var held = System.Diagnostics.Stopwatch.StartNew();
        var heartbeats = 0;
        while (held.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(150);
            roundTrips = backend.RoundTrips;
            using var beat = await client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 5000 });
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
            Assert.Equal(roundTrips + 1, backend.RoundTrips);
            heartbeats++;
        }

        Assert.True(heartbeats > 100, $"only {heartbeats} heartbeats were sent");
        Assert.Empty(_daemon.ScriptCommands);
        Assert.Equal([1, 0, 1, 0], LinusDirectionPins.Select(_daemon.GetLevel));
        Assert.Equal(Direction.Forward, api.Robot("Linus").GetState().Motion);
        using var stop = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    private async Task<ApiFactory> StartAsync(FakeTimeProvider? time = null, int? marginMs = null, TimeSpan? commandTimeout = null)
    {
        var settings = RobotSettings.Pigpio(_daemon.Port);
        if (commandTimeout is { } timeout)
        {
            settings["Pigpio:CommandTimeout"] = timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (marginMs is { } margin)
        {
            settings["Pigpio:WatchdogMarginMs"] = margin.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var api = new ApiFactory(settings, time);
        await Eventually.True(() => api.Robot("Linus").GetState() is { Connected: true, WatchdogArmed: true }, "Linus connects with its watchdog armed");

        // From here on, every round trip is a command's.
        using var client = api.CreateAuthorizedClient();
        await RobotReady.WaitAsync(client, "linus");
        return api;
    }

    private static async Task<double> WatchdogFiresAsync(HttpClient client) =>
        ProcessProbe.Metric(await client.GetStringAsync("/metrics"), RobotMetrics.WatchdogFiresTotal, "robot=\"Linus\"") ?? 0;
}
