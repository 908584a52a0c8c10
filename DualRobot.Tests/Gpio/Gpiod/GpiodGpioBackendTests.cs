using System.Text.Json;
using DualRobot.Api.Gpio.Gpiod;
using DualRobot.Tests.Apis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DualRobot.Tests.Gpio.Gpiod;

/// <summary>Off the Pi no gpiochip opens: the robot is unavailable, and the reason is logged and shown in /health.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class GpiodGpioBackendTests
{
    /// <summary>No machine has this many gpiochips, the Pi included.</summary>
    private const int AbsentChip = 97;

    [Fact]
    public void Start_WithoutTheChip_LogsWhyAsAnError_AndStaysDisconnected()
    {
        var logger = new FakeLogger<GpiodGpioBackend>();
        using var backend = new GpiodGpioBackend(AbsentChip, 0, logger);

        backend.Start();

        Assert.False(backend.IsConnected);
        Assert.NotNull(backend.OpenError);
        var record = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains($"gpiochip{AbsentChip}", record.Message, StringComparison.Ordinal);
        Assert.NotNull(record.Exception);
    }

    [Fact]
    public async Task Health_WithoutTheChip_IsDegradedAndSaysWhy()
    {
        using var api = new ApiFactory(new Dictionary<string, string?>
        {
            ["Robots:Torvalds:Backend"] = "Gpiod",
            ["Robots:Torvalds:Chip"] = AbsentChip.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = api.CreateClient();

        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));

        Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
        var description = health.RootElement.GetProperty("checks").GetProperty("robots").GetProperty("description").GetString();
        Assert.Contains($"Torvalds (Gpiod: gpiochip{AbsentChip} could not be opened:", description, StringComparison.Ordinal);
    }
}
