using System.Net;
using System.Net.Http.Json;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Reliability;

/// <summary>
/// pigpiod keeps its outputs when a client goes away, so a robot driving when the api stops would drive on.
/// The api must turn the motors off itself before it exits.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_WhileDriving_MotorsAreOffAtTheDaemonBeforeTheProcessExits()
    {
        await using var daemon = new PigpioEmulator();
        await using var api = await ApiProcess.StartAsync(RobotSettings.PigpioEnvironment(daemon.Port));
        using var client = api.CreateClient();
        await Eventually.True(async () => (await client.GetFromJsonAsync<RobotStateDto>("/robots/linus"))!.Connected, "Linus connects");

        using var drive = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", speed = 0.7, leaseMs = 5000 });
        await client.PostAsJsonAsync("/robots/linus/eye", new { state = "on" });
        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Equal([1, 0, 1, 0], RobotSettings.LinusDirectionPins.Select(daemon.GetLevel));

        api.Terminate();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await api.WaitForExitAsync(cts.Token);

        Assert.Equal(0, api.ExitCode);
        // The lease (5 s) had not expired: only the shutdown path can have cleared these.
        Assert.Equal([0, 0, 0, 0], RobotSettings.LinusDirectionPins.Select(daemon.GetLevel));
        Assert.Equal(0, daemon.GetLevel(RobotSettings.LinusEye));
        Assert.Contains("shutting down", api.Output);

        // A clean shutdown also stops and deletes the robot's watchdog script.
        Assert.Empty(daemon.Scripts);
    }
}
