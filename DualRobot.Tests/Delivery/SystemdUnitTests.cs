using System.Text.Json;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The systemd unit shipped for the api on a robot's own Pi (DualRobot.Api/systemd): it waits for the api's pings,
/// kills a silent api even when it is frozen, and sets the configured motor pins low whenever the api ends.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class SystemdUnitTests
{
    private static readonly string Unit = File.ReadAllText(RepositoryPaths.Combine("DualRobot.Api", "systemd", "dualrobot-api.service"));

    [Fact]
    public void Unit_IsANotifyServiceWithAWatchdog_ThatKillsEvenAFrozenApi_AndRestartsIt()
    {
        var settings = Settings();

        Assert.Equal("notify", settings["Type"]);
        Assert.Equal("main", settings["NotifyAccess"]);
        Assert.Matches(@"^\d+s$", settings["WatchdogSec"]);
        Assert.Equal("SIGKILL", settings["WatchdogSignal"]);
        Assert.Equal("always", settings["Restart"]);
    }

    [Fact]
    public void ExecStopPost_SetsTheConfiguredDirectionPinsLow()
    {
        using var appsettings = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("DualRobot.Api", "appsettings.json")));
        var linus = appsettings.RootElement.GetProperty("Robots").GetProperty("Linus");
        var pins = new[] { "LeftMotor", "RightMotor" }
            .SelectMany(side => new[] { "Forward", "Backward" }.Select(input => linus.GetProperty(side).GetProperty(input).GetInt32()));

        var command = Settings()["ExecStopPost"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["/usr/bin/gpioset", "gpiochip0"], command[..2]);
        Assert.Equal(pins.Select(pin => $"{pin}=0"), command[2..]);
    }

    private static Dictionary<string, string> Settings() => Unit
        .Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('[') && line.Contains('='))
        .Select(line => line.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair[1]);
}
