using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DualRobot.Api.Apis;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Tests.Apis;

/// <summary>The velocity command over HTTP on the simulated robots: its input rules, its state and its telemetry.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class VelocityApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> BadBodies => new()
    {
        // body, field named in the problem
        { """{"linear":1.5,"angular":0}""", "linear" },
        { """{"linear":0,"angular":-1.01}""", "angular" },
        { """{"left":2,"right":0}""", "left" },
        { """{"left":0,"right":-7}""", "right" },
        { """{"linear":"NaN","angular":0}""", "linear" },
        { """{"linear":0.5,"angular":"Infinity"}""", "angular" },
        { """{"left":1e400,"right":0}""", "left" },
        { """{"linear":"0.5","angular":0}""", "linear" },
        { """{"linear":true,"angular":0}""", "linear" },
        { """{"linear":0.5}""", "angular" },
        { """{"angular":0.5}""", "linear" },
        { """{"left":0.5}""", "right" },
        { """{"right":0.5}""", "left" },
        { """{"linear":0.5,"angular":0,"left":0.5,"right":0.5}""", "body" },
        { """{"linear":0.5,"right":0.5}""", "body" },
        { """{}""", "body" },
        { """{"leaseMs":500}""", "body" },
        { """{"linear":0.5,"angular":0,"leaseMs":10}""", "leaseMs" },
        { """{"linear":0.5,"angular":0,"speed":1}""", "speed" },
        { """null""", "body" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadVelocity_Returns400NamingTheField_AndNoPinChanges(string body, string field)
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;

        using var response = await client.PostAsync("/robots/linus/velocity", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>();
        Assert.Equal(ProblemTypes.Validation, problem!.Type);
        Assert.True(problem.Errors!.ContainsKey(field), $"expected '{field}' in {string.Join(", ", problem.Errors.Keys)}: {problem.Detail}");
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Fact]
    public async Task Velocity_WithoutKey_Returns401AndNoPinChanges()
    {
        using var client = api.CreateClient();
        var before = api.TotalPinChanges;

        using var response = await client.PostAsJsonAsync("/robots/linus/velocity", new { linear = 0.5, angular = 0 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Fact]
    public async Task Velocity_OnSimulated_ReportsSidesPoseAndArena()
    {
        using var client = api.CreateAuthorizedClient();

        using var response = await client.PostAsJsonAsync("/robots/linus/velocity", new { linear = 0.6, angular = 0.2, leaseMs = 5000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["x", "y", "heading"], json.RootElement.GetProperty("pose").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["width", "height"], json.RootElement.GetProperty("arena").EnumerateObject().Select(p => p.Name));
        var state = await response.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal("velocity", state!.Motion);
        Assert.Equal(0.4, state.Left, 9);
        Assert.Equal(0.8, state.Right, 9);
        Assert.False(state.Estimated);
        Assert.Equal(new ArenaDto(4, 4), state.Arena);
        Assert.NotNull(state.Pose);
        Assert.Equal(0.4, api.Pins("Linus").GetDutyCycle(12)!.Value, 9);
        Assert.Equal(0.8, api.Pins("Linus").GetDutyCycle(26)!.Value, 9);

        await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task Velocity_WhileEmergencyStopped_Returns409AndNoPinChanges()
    {
        using var client = api.CreateAuthorizedClient();
        await client.PostAsync("/estop", null);
        try
        {
            var before = api.TotalPinChanges;

            using var response = await client.PostAsJsonAsync("/robots/torvalds/velocity", new { left = 1, right = 1 });

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(ProblemTypes.EmergencyStopLatched, (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Type);
            Assert.Equal(before, api.TotalPinChanges);
        }
        finally
        {
            await client.PostAsync("/estop/release", null);
        }
    }

    [Fact]
    public async Task PoseReset_NeedsTheKey_AndPutsTheRobotBackAtTheStart()
    {
        using var anonymous = api.CreateClient();
        using var client = api.CreateAuthorizedClient();
        await client.PostAsJsonAsync("/robots/torvalds/velocity", new { linear = 1, angular = 0.3, leaseMs = 5000 });
        await Eventually.True(async () => (await client.GetFromJsonAsync<RobotStateDto>("/robots/torvalds"))!.Pose.X > 0.5, "Torvalds moves");
        await client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "stop" });

        using var refused = await anonymous.PostAsync("/robots/torvalds/pose/reset", null);
        using var reset = await client.PostAsync("/robots/torvalds/pose/reset", null);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var state = await reset.Content.ReadFromJsonAsync<RobotStateDto>();
        Assert.Equal(new PoseDto(0.5, 0, 0), state!.Pose); // Torvalds's start pose (Kinematics:StartPose)
    }

    [Fact]
    public async Task Velocity_IsCounted_GaugedAndTraced()
    {
        // A robot of its own, so the process-wide metrics and spans of other tests cannot blur the figures.
        using var own = new ApiFactory(new Dictionary<string, string?>
        {
            ["Robots:Telemetry12:LeftMotor:Forward"] = "5",
            ["Robots:Telemetry12:LeftMotor:Backward"] = "6",
            ["Robots:Telemetry12:LeftMotor:Enable"] = "18",
            ["Robots:Telemetry12:RightMotor:Forward"] = "19",
            ["Robots:Telemetry12:RightMotor:Backward"] = "20",
            ["Robots:Telemetry12:RightMotor:Enable"] = "13",
            ["Robots:Telemetry12:Eye"] = "24",
        });
        using var client = own.CreateAuthorizedClient();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RobotTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == RobotTelemetry.Spans.Velocity && (string?)activity.GetTagItem(RobotTelemetry.Tags.Robot) == "Telemetry12")
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var response = await client.PostAsJsonAsync("/robots/telemetry12/velocity", new { linear = 0.5, angular = -0.25, leaseMs = 5000 });
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("""dualrobot_commands_total{robot="Telemetry12",action="velocity",outcome="accepted"} 1""", metrics);
        Assert.Contains("""dualrobot_robot_side_output{robot="Telemetry12",side="left"} 0.75""", metrics);
        Assert.Contains("""dualrobot_robot_side_output{robot="Telemetry12",side="right"} 0.25""", metrics);
        Assert.Contains("""dualrobot_robot_pose_x_meters{robot="Telemetry12"}""", metrics);
        Assert.Contains("""dualrobot_robot_pose_heading_radians{robot="Telemetry12"}""", metrics);
        var span = Assert.Single(spans);
        Assert.Equal(0.5, span.GetTagItem(RobotTelemetry.Tags.Linear));
        Assert.Equal(-0.25, span.GetTagItem(RobotTelemetry.Tags.Angular));
        Assert.Equal(0.75, span.GetTagItem(RobotTelemetry.Tags.Left));
        Assert.Equal(0.25, span.GetTagItem(RobotTelemetry.Tags.Right));

        await client.PostAsJsonAsync("/robots/telemetry12/drive", new { direction = "stop" });
    }
}
