using System.Net;
using System.Net.Http.Json;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Robots;

/// <summary>The original app's pin patterns (H-bridge inputs, BCM numbers), per robot, through the HTTP API.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class MotionTruthTableTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string, int[], int[]> Patterns => new()
    {
        // robot, direction, pins, expected levels (1 = High)
        { "Linus", "forward", RobotSettings.LinusDirectionPins, [1, 0, 1, 0] },
        { "Linus", "backward", RobotSettings.LinusDirectionPins, [0, 1, 0, 1] },
        { "Linus", "left", RobotSettings.LinusDirectionPins, [0, 1, 1, 0] },
        { "Linus", "right", RobotSettings.LinusDirectionPins, [1, 0, 0, 1] },
        { "Linus", "stop", RobotSettings.LinusDirectionPins, [0, 0, 0, 0] },
        { "Torvalds", "forward", [7, 8, 9, 10], [0, 1, 1, 0] },
        { "Torvalds", "backward", [7, 8, 9, 10], [1, 0, 0, 1] },
        { "Torvalds", "left", [7, 8, 9, 10], [1, 0, 1, 0] },
        { "Torvalds", "right", [7, 8, 9, 10], [0, 1, 0, 1] },
        { "Torvalds", "stop", [7, 8, 9, 10], [0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public async Task Drive_SetsTheOriginalPinPattern(string robot, string direction, int[] pins, int[] levels)
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.PostAsJsonAsync($"/robots/{robot}/drive", new { direction, leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var actual = pins.Select(pin => (int)api.Pins(robot).GetLevel(pin)).ToArray();
        Assert.Equal(levels, actual);
        var state = await response.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal(direction, state!.Motion);

        await client.PostAsJsonAsync($"/robots/{robot}/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task Drive_WithSpeed_SetsBothEnableDutyCycles()
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", speed = 0.4, leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.4, api.Pins("Linus").GetDutyCycle(12));
        Assert.Equal(0.4, api.Pins("Linus").GetDutyCycle(26));
        Assert.Equal(100, api.Pins("Linus").GetPwmFrequency(12));

        await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        Assert.All(RobotSettings.LinusDirectionPins, pin => Assert.Equal(0, (int)api.Pins("Linus").GetLevel(pin)));
    }

    [Fact]
    public async Task Eye_OnAndOff_DrivesTheLedPin()
    {
        using var client = api.CreateAuthorizedClient();

        await client.PostAsJsonAsync("/robots/Torvalds/eye", new { state = "on" });
        Assert.Equal(1, (int)api.Pins("Torvalds").GetLevel(25));

        await client.PostAsJsonAsync("/robots/Torvalds/eye", new { state = "off" });
        Assert.Equal(0, (int)api.Pins("Torvalds").GetLevel(25));
    }

    [Theory]
    [InlineData(-90, 1000)]
    [InlineData(0, 1500)]
    [InlineData(45, 1750)]
    [InlineData(90, 2000)]
    public async Task Servo_Angle_SetsThePulseWidthAt50Hz(double angle, double pulseMicroseconds)
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.PutAsJsonAsync("/robots/linus/servos/1", new { angle });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(50, api.Pins("Linus").GetPwmFrequency(23));
        Assert.Equal(pulseMicroseconds / 20_000, api.Pins("Linus").GetDutyCycle(23)!.Value, precision: 9);
        var state = await response.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal(angle, state!.Servos[1].Angle);
    }

    [Fact]
    public async Task StartUp_LeavesEveryRobotInTheSafeState()
    {
        using var fresh = new ApiFactory();
        using var client = fresh.CreateClient();

        var robots = await client.GetFromJsonAsync<RobotStateDto[]>("/robots");

        Assert.Equal(["Linus", "Torvalds"], robots!.Select(r => r.Name));
        Assert.All(robots!, r => Assert.Equal("stop", r.Motion));
        Assert.All(robots!, r => Assert.Equal("off", r.Eye));
        Assert.All([.. RobotSettings.LinusDirectionPins, RobotSettings.LinusEye], pin => Assert.Equal(0, (int)fresh.Pins("Linus").GetLevel(pin)));
        Assert.All(new[] { 7, 8, 9, 10, 25 }, pin => Assert.Equal(0, (int)fresh.Pins("Torvalds").GetLevel(pin)));
        // Servos get no pulse until commanded, so start-up never swings an arm.
        Assert.Equal(0, fresh.Pins("Linus").GetDutyCycle(22));
    }
}
