using System.Net;
using DualRobot.Api.Robots;
using DualRobot.TestSupport.PigpioEmulator;

namespace DualRobot.Tests.Robots;

/// <summary>
/// Two api processes on one audit trail, as two pods of one StatefulSet sharing the volume would be: the second
/// refuses to start, cleanly, before it touches any robot.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RobotOwnershipProcessTests : IDisposable
{
    private readonly string _auditPath = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"owner-{Guid.NewGuid():N}", "audit.db");

    [Fact]
    public async Task SecondApi_OnTheSameAuditPath_ExitsWithAClearLogLine_AndTouchesNoPin()
    {
        await using var firstDaemon = new PigpioEmulator();
        await using var first = await ApiProcess.StartAsync(Settings(firstDaemon));
        using var client = first.CreateClient();
        await Eventually.True(async () => (await client.GetStringAsync("/robots/linus")).Contains("\"connected\":true", StringComparison.Ordinal),
            "the first api drives Linus");

        // The second api gets a daemon of its own, so that anything it sent would show there.
        await using var secondDaemon = new PigpioEmulator();
        await using var second = ApiProcess.Launch(Settings(secondDaemon));
        using (var exited = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            await second.WaitForExitAsync(exited.Token);
        }

        Assert.Equal(RobotOwnership.RefusedExitCode, second.ExitCode);
        Assert.Contains($"another live api instance owns these robots ({_auditPath}.lock is locked)", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", second.Output, StringComparison.Ordinal);
        Assert.Equal(0, secondDaemon.RequestCount);
        Assert.Equal(0, secondDaemon.ConnectionCount);

        // The owner is unaffected and still drives its robot.
        using var drive = await client.PostAsync("/robots/linus/drive",
            new StringContent("""{"direction":"forward","leaseMs":5000}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        await firstDaemon.WaitForLevelAsync(RobotSettings.LinusDirectionPins[0], 1, TimeSpan.FromMinutes(1));
    }

    private Dictionary<string, string> Settings(PigpioEmulator daemon) =>
        new(RobotSettings.PigpioEnvironment(daemon.Port)) { ["Audit__Path"] = _auditPath };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_auditPath)!, recursive: true);
    }
}
