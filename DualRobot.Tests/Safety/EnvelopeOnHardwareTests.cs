using System.Net;
using System.Net.Http.Json;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Safety;

/// <summary>
/// The envelope where the pose is only estimated: Linus on the pigpiod emulator (dead reckoning, no arena), Torvalds
/// simulated. Its state says what the envelope rests on, and zones are kept around the estimate.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class EnvelopeOnHardwareTests : IDisposable
{
    private readonly PigpioEmulator _daemon = new();

    [Fact]
    public async Task OnHardware_TheStateSaysTheEnvelopeIsOnlyAsGoodAsTheEstimate_AndKeepsZonesAroundIt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>(RobotSettings.Pigpio(_daemon.Port));
        foreach (var (key, value) in SafetySettings.Zones(("Wall", SafetySettings.Wall)))
        {
            settings[key] = value;
        }

        await using var api = new ApiFactory(settings, time);
        await Eventually.True(() => api.Robot("Linus").GetState() is { Connected: true, WatchdogArmed: true }, "Linus connects to its pigpiod");
        using var client = api.CreateAuthorizedClient();
        await RobotReady.WaitAsync(client, "linus");

        var linus = api.Robot("Linus").GetState();
        Assert.True(linus.Envelope!.Estimated);
        Assert.Null(linus.Arena);
        Assert.False(api.Robot("Torvalds").GetState().Envelope!.Estimated);

        using (var velocity = await client.PostAsJsonAsync("/robots/linus/velocity", new { linear = 1, angular = 0, leaseMs = 500 }))
        {
            Assert.Equal(HttpStatusCode.OK, velocity.StatusCode);
        }

        for (var beat = 0; beat < 40; beat++)
        {
            for (var step = 0; step < 10; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(10));
            }

            using var renewal = await client.PostAsJsonAsync("/robots/linus/heartbeat", new { leaseMs = 500 });
            Assert.Equal(HttpStatusCode.OK, renewal.StatusCode);
        }

        await Eventually.True(() => api.Robot("Linus").GetState().Motion == Direction.Stop, "Linus stops at the wall's margin");
        var stopped = api.Robot("Linus").GetState();
        Assert.InRange(stopped.Pose.X, 0.89, 0.91);
        Assert.Equal((EnvelopeLimit.KeepOut, "Wall"), (stopped.Envelope!.Limit, stopped.Envelope.Zone));
    }

    public void Dispose() => _daemon.Dispose();
}
