using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DualRobot.Tests.Robots;

[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RobotConfigurationTests
{
    private static readonly RobotFleetOptionsValidator Validator = new();

    [Fact]
    public void Defaults_AreTheOriginalTwoRobots_AndValid()
    {
        using var api = new ApiFactory();
        var fleet = api.Services.GetService(typeof(IOptions<RobotFleetOptions>)) as IOptions<RobotFleetOptions>;

        var robots = fleet!.Value;

        Assert.Equal(["Linus", "Torvalds"], robots.Keys.Order());
        Assert.Equal(16, robots["Linus"].Eye);
        Assert.Equal(12, robots["Linus"].LeftMotor!.Enable);
        Assert.Equal([22, 23], robots["Linus"].Servos.Select(s => s.Pin!.Value));
        Assert.False(robots["Torvalds"].HasSpeedControl);
        Assert.Equal(25, robots["Torvalds"].Eye);
        Assert.True(Validator.Validate(null, robots).Succeeded);
    }

    public static TheoryData<string, string> BadFleets => new()
    {
        { "pin 13 is already used", "Bob:LeftMotor:Forward=13;Bob:LeftMotor:Backward=13;Bob:RightMotor:Forward=1;Bob:RightMotor:Backward=2;Bob:Eye=3" },
        { "Robots:Bob:Eye: pin 1 is already used", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=1" },
        { "Robots:Bob:Backend: 'Arduino' is not one of", "Bob:Backend=Arduino;Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5" },
        { "Robots:Bob:RightMotor: missing", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:Eye=5" },
        { "Robots:Bob:LeftMotor:Backward: missing pin", "Bob:LeftMotor:Forward=1;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5" },
        { "Robots:Bob:Eye: missing pin", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4" },
        { "Robots:Bob:Servos:0: MinAngle 90 must be below MaxAngle -90", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5;Bob:Servos:0:Pin=6;Bob:Servos:0:MinAngle=90;Bob:Servos:0:MaxAngle=-90" },
        { "Robots:Bob:Host: required for the Pigpio backend", "Bob:Backend=Pigpio;Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5" },
        { "Robots:Bob:LeftMotor:Forward: pin 60 is outside", "Bob:LeftMotor:Forward=60;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5" },
        { "give both enable pins or neither", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:LeftMotor:Enable=7;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5" },
        { "Robots:Bob:LeftMotor:Trim: 1.2 is outside 0..1", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:LeftMotor:Trim=1.2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5" },
        { "Robots:Bob:RightMotor:Trim: -0.1 is outside 0..1", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:RightMotor:Trim=-0.1;Bob:Eye=5" },
        { "Robots:Bob:Kinematics:WheelBaseMeters: 0 must be a positive number", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5;Bob:Kinematics:WheelBaseMeters=0" },
        { "Robots:Bob:Kinematics:MaxWheelSpeedMetersPerSecond: -0.4 must be a positive number", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5;Bob:Kinematics:MaxWheelSpeedMetersPerSecond=-0.4" },
        { "Robots:Bob:Kinematics:ArenaMeters:Width: NaN must be a positive number", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5;Bob:Kinematics:ArenaMeters:Width=NaN" },
        { "Robots:Bob:Kinematics:StartPose:X: 2.5 must lie within the arena (±2 m)", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5;Bob:Kinematics:StartPose:X=2.5" },
        { "Robots:Bob:OnOffThreshold: 0 is outside", "Bob:LeftMotor:Forward=1;Bob:LeftMotor:Backward=2;Bob:RightMotor:Forward=3;Bob:RightMotor:Backward=4;Bob:Eye=5;Bob:OnOffThreshold=0" },
        { "Robots:B/ob: the robot name", "B/ob:LeftMotor:Forward=1;B/ob:LeftMotor:Backward=2;B/ob:RightMotor:Forward=3;B/ob:RightMotor:Backward=4;B/ob:Eye=5" },
    };

    [Theory]
    [MemberData(nameof(BadFleets))]
    public void BadConfiguration_IsRefused_NamingTheRobotAndField(string expectedMessage, string settings)
    {
        var fleet = Parse(settings);

        var result = Validator.Validate(null, fleet);

        Assert.True(result.Failed);
        Assert.Contains(expectedMessage, result.FailureMessage);
    }

    [Fact]
    public void TwoRobotsOnOneDaemon_MayNotShareAPin_ButSimulatedRobotsMay()
    {
        const string Robot = "LeftMotor:Forward=1;{0}:LeftMotor:Backward=2;{0}:RightMotor:Forward=3;{0}:RightMotor:Backward=4;{0}:Eye=5";
        var sharedDaemon = Parse(
            $"A:Backend=Pigpio;A:Host=pi;A:{string.Format(null, Robot, "A")};B:Backend=Pigpio;B:Host=PI;B:{string.Format(null, Robot, "B")}");
        var separateSimulations = Parse($"A:{string.Format(null, Robot, "A")};B:{string.Format(null, Robot, "B")}");

        Assert.Contains("Robots:B:LeftMotor:Forward: pin 1 is already used by Robots:A:LeftMotor:Forward", Validator.Validate(null, sharedDaemon).FailureMessage);
        Assert.True(Validator.Validate(null, separateSimulations).Succeeded);
    }

    [Fact]
    public async Task Startup_WithBadConfiguration_ExitsWithTheMessage()
    {
        await AssertRefusesToStartAsync(new Dictionary<string, string> { ["Robots__Linus__Eye"] = "13" },
            "Robots:Linus:Eye: pin 13 is already used by Robots:Linus:LeftMotor:Forward");
    }

    [Fact]
    public async Task Startup_WithBadTrimWheelBaseOrSpeed_ExitsNamingTheRobotAndField()
    {
        await AssertRefusesToStartAsync(
            new Dictionary<string, string>
            {
                ["Robots__Linus__LeftMotor__Trim"] = "1.5",
                ["Robots__Torvalds__Kinematics__WheelBaseMeters"] = "0",
                ["Robots__Torvalds__Kinematics__MaxWheelSpeedMetersPerSecond"] = "-1",
            },
            "Robots:Linus:LeftMotor:Trim: 1.5 is outside 0..1",
            "Robots:Torvalds:Kinematics:WheelBaseMeters: 0 must be a positive number",
            "Robots:Torvalds:Kinematics:MaxWheelSpeedMetersPerSecond: -1 must be a positive number");
    }

    [Fact]
    public async Task AnyNumberOfRobots_Work()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < 20; i++)
        {
            var prefix = $"Robots:Extra{i}:";
            settings[prefix + "LeftMotor:Forward"] = "1";
            settings[prefix + "LeftMotor:Backward"] = "2";
            settings[prefix + "RightMotor:Forward"] = "3";
            settings[prefix + "RightMotor:Backward"] = "4";
            settings[prefix + "Eye"] = "5";
        }

        using var api = new ApiFactory(settings);
        using var client = api.CreateAuthorizedClient();

        var robots = await client.GetFromJsonAsync<RobotStateDto[]>("/robots");
        using var drive = await client.PostAsJsonAsync("/robots/extra17/drive", new { direction = "forward", leaseMs = 5000 });

        Assert.Equal(22, robots!.Length);
        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Equal(1, (int)api.Pins("Extra17").GetLevel(1));
        Assert.Equal(0, (int)api.Pins("Extra16").GetLevel(1));
    }

    [Fact]
    public async Task DisabledRobot_IsLeftOut()
    {
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Robots:Torvalds:Enabled"] = "false" });
        using var client = api.CreateClient();

        var robots = await client.GetFromJsonAsync<RobotStateDto[]>("/robots");
        using var torvalds = await client.GetAsync("/robots/torvalds");

        Assert.Equal(["Linus"], robots!.Select(r => r.Name));
        Assert.Equal(HttpStatusCode.NotFound, torvalds.StatusCode);
    }

    [Fact]
    public async Task GpiodBackend_OffThePi_StartsAndAnswers503()
    {
        using var api = new ApiFactory(new Dictionary<string, string?> { ["Robots:Torvalds:Backend"] = "Gpiod" });
        using var client = api.CreateAuthorizedClient();

        using var drive = await client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "forward" });
        var state = await client.GetFromJsonAsync<RobotStateDto>("/robots/torvalds");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, drive.StatusCode);
        Assert.Equal("Gpiod", state!.Backend);
        Assert.False(state.Connected);
    }

    [Fact]
    public async Task Production_WithoutApiKey_RefusesToStart()
    {
        await AssertRefusesToStartAsync(new Dictionary<string, string> { ["Control__ApiKey"] = "" },
            "Control:ApiKey: required outside Development");
    }

    /// <summary>The real process (Production), as Kubernetes would run it: it must exit with the reason, not serve.</summary>
    private static async Task AssertRefusesToStartAsync(Dictionary<string, string> settings, params string[] reasons)
    {
        await using var api = ApiProcess.Launch(settings);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        await api.WaitForExitAsync(cts.Token);

        Assert.NotEqual(0, api.ExitCode);
        Assert.All(reasons, reason => Assert.Contains(reason, api.Output));
    }

    private static RobotFleetOptions Parse(string settings)
    {
        var fleet = new RobotFleetOptions();
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Split(';').Select(pair => pair.Split('=', 2))
                .Select(kv => new KeyValuePair<string, string?>(kv[0], kv[1])))
            .Build();
        config.Bind(fleet);
        return fleet;
    }
}
