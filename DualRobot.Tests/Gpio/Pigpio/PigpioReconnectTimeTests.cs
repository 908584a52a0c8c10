using DualRobot.Api.Gpio.Pigpio;
using DualRobot.TestSupport.PigpioEmulator;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static DualRobot.Tests.Gpio.Pigpio.PigpioTestSupport;

namespace DualRobot.Tests.Gpio.Pigpio;

/// <summary>
/// The reconnect loop waits on the TimeProvider: with five minutes of back-off (well past the test's bound), only
/// advancing the fake clock brings the link back, so these tests take no real time waiting.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class PigpioReconnectTimeTests
{
    private static readonly TimeSpan BackOff = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task DaemonBack_ReconnectsOnlyAsTheFakeClockPassesTheBackOff()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<PigpioGpioBackend>();
        await using var emulator = new PigpioEmulator();
        var options = FastOptions();
        options.ReconnectMinDelay = BackOff;
        options.ReconnectMaxDelay = 2 * BackOff;
        using var backend = new PigpioGpioBackend("127.0.0.1", emulator.Port, options, logger, time);
        var connected = WaitForConnection(backend, true);
        backend.Start();
        await connected;

        // The idle probe runs once per ReconnectMinDelay of the fake clock: advancing is what finds the loss.
        emulator.Stop();
        await Eventually.True(() => { time.Advance(BackOff); return !backend.IsConnected; }, "the idle probe finds the daemon gone");
        await Eventually.True(() => logger.Collector.GetSnapshot().Any(r => r.Id.Id == 3), "a reconnect attempt was refused");
        emulator.Restart(resetPins: false);

        Assert.False(backend.IsConnected);
        await Eventually.True(() => { time.Advance(BackOff); return backend.IsConnected; }, "reconnected once the back-off passed");
    }
}
