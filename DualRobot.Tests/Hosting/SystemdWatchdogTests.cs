using System.Net.Sockets;
using System.Text;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Hosting;

/// <summary>
/// The api under systemd's watchdog, as the unit in DualRobot.Api/systemd runs it on a robot's Pi: the api process is
/// given a real unix datagram NOTIFY_SOCKET and a WATCHDOG_USEC, says READY=1, pings WATCHDOG=1, and stops pinging
/// while it is frozen, which is what lets systemd kill it and set the motor pins low.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class SystemdWatchdogTests : IDisposable
{
    // systemd's timeout; the api pings every half of it.
    private static readonly TimeSpan WatchdogTimeout = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dualrobot-notify-{Guid.NewGuid():N}.sock");
    private readonly Socket _systemd = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public SystemdWatchdogTests() => _systemd.Bind(new UnixDomainSocketEndPoint(_path));

    [Fact]
    public async Task UnderSystemd_ApiSaysReady_PingsTheWatchdog_AndFallsSilentWhileFrozen()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = _path,
            ["WATCHDOG_USEC"] = ((long)WatchdogTimeout.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal("READY=1", await ReceiveAsync());
        Assert.Equal("WATCHDOG=1", await ReceiveAsync());
        Assert.Equal("WATCHDOG=1", await ReceiveAsync());

        api.Pause();
        try
        {
            // What was sent before every thread stopped is drained; after that a frozen process cannot send.
            while (_systemd.Available > 0)
            {
                await ReceiveAsync();
            }

            // Three of systemd's timeouts with the api frozen, and not one ping: systemd would have killed it.
            using var silence = new CancellationTokenSource(WatchdogTimeout * 3);
            var buffer = new byte[256];
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _systemd.ReceiveAsync(buffer, SocketFlags.None, silence.Token));
            Assert.True(api.IsPaused);
        }
        finally
        {
            api.Resume();
        }

        Assert.Equal("WATCHDOG=1", await ReceiveAsync());
    }

    public void Dispose()
    {
        _systemd.Dispose();
        File.Delete(_path);
    }

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[256];
        using var limit = new CancellationTokenSource(Generous);
        var count = await _systemd.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        return Encoding.UTF8.GetString(buffer, 0, count);
    }
}
