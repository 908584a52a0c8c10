using System.Text.RegularExpressions;
using DualRobot.Tests.Apis;
using DualRobot.TestSupport.PigpioEmulator;
using DualRobot.Tests.Support;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// Each robot's card says where its deadman runs, from the api's state: on the robot (its pigpiod runs the watchdog
/// script) or in the api alone. It sits in the card's header, beside the connection, so it takes no room from the controls. Linus is on the pigpiod emulator, Torvalds simulated.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed partial class DeadmanCardTests : IAsyncLifetime
{
    private readonly PigpioEmulator _daemon = new();
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _api = new ApiFactory(RobotSettings.Pigpio(_daemon.Port));
        await Eventually.True(() => _api.Robot("Linus").GetState() is { Connected: true, WatchdogArmed: true }, "Linus connects with its watchdog armed");
    }

    [Fact]
    public async Task Card_SaysOnRobotDeadman_ForTheRobotWithAWatchdog_AndApiLeaseOnlyForTheOther()
    {
        await using var console = new FrontendFactory(new Dictionary<string, string?> { ["Control:ApiKey"] = ApiFactory.ApiKey }, api: FrontendFactory.InMemory(_api));
        using var client = console.CreateClient();

        var page = await client.GetStringAsync("/");

        Assert.Equal("on-robot deadman", Deadman(page, "Linus"));
        Assert.Equal("api deadman only", Deadman(page, "Torvalds"));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _daemon.DisposeAsync();
    }

    private static string Deadman(string page, string robot)
    {
        var card = page[page.IndexOf($"data-robot=\"{robot}\"", StringComparison.Ordinal)..];
        return DeadmanField().Match(card).Groups[1].Value;
    }

    [GeneratedRegex("""data-field="deadman">([^<]*)<""")]
    private static partial Regex DeadmanField();
}
