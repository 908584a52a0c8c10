using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Robots;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Robots;

[Trait(Tier.Name, Tier.Functional)]
public sealed class CommandOrderingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Directions = ["forward", "backward", "left", "right"];

    [Fact]
    public async Task ConcurrentCommandsToOneRobot_NeverLeaveAMixedPinPattern()
    {
        using var client = api.CreateAuthorizedClient();

        // Many commands at once: whatever order they land in, the final pins must be exactly one whole pattern,
        // the one the api reports, never a mix of two (which would mean interleaved writes).
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.PostAsJsonAsync("/robots/linus/drive", new { direction = Directions[i % 4], leaseMs = 5000 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var state = api.Robot("Linus").GetState();
        var expected = ExpectedLinusLevels(state.Motion);
        Assert.Equal(expected, RobotSettings.LinusDirectionPins.Select(pin => (int)api.Pins("Linus").GetLevel(pin)));
        await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task ConcurrentVelocities_LeaveExactlyThePinsAndDutiesOfTheReportedSides()
    {
        using var client = api.CreateAuthorizedClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.PostAsJsonAsync("/robots/linus/velocity", new { left = ((i % 7) - 3) / 3.0, right = ((i % 5) - 2) / 2.0, leaseMs = 5000 })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var state = api.Robot("Linus").GetState();
        int[] expected = [state.Left > 0 ? 1 : 0, state.Left < 0 ? 1 : 0, state.Right > 0 ? 1 : 0, state.Right < 0 ? 1 : 0];
        Assert.Equal(expected, new[] { 13, 21, 17, 27 }.Select(pin => (int)api.Pins("Linus").GetLevel(pin)));
        Assert.Equal(Math.Abs(state.Left), api.Pins("Linus").GetDutyCycle(12)!.Value, 12);
        Assert.Equal(Math.Abs(state.Right), api.Pins("Linus").GetDutyCycle(26)!.Value, 12);
        await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task SequentialCommands_ApplyInArrivalOrder()
    {
        using var client = api.CreateAuthorizedClient();
        var robot = api.Robot("Linus");
        var seen = new List<Direction>();

        foreach (var direction in Directions.Concat(Directions.Reverse()))
        {
            using var response = await client.PostAsJsonAsync("/robots/linus/drive", new { direction, leaseMs = 5000 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.Add(robot.GetState().Motion);
        }

        Assert.Equal(
            Directions.Concat(Directions.Reverse()),
            seen.Select(WireNames.Of));
        await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task Versions_IncreaseWithEveryAcceptedCommand()
    {
        using var client = api.CreateAuthorizedClient();
        long last = -1;

        foreach (var direction in Directions)
        {
            using var response = await client.PostAsJsonAsync("/robots/torvalds/drive", new { direction, leaseMs = 5000 });
            var state = await response.Content.ReadFromJsonAsync<RobotStateDto>();
            Assert.True(state!.Version > last, $"version {state.Version} after {last}");
            last = state.Version;
        }

        await client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "stop" });
    }

    [Fact]
    public async Task TwoRobots_DriveIndependently()
    {
        using var client = api.CreateAuthorizedClient();

        await Task.WhenAll(
            Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 }))),
            Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "backward", leaseMs = 5000 }))));

        Assert.Equal(Direction.Forward, api.Robot("Linus").GetState().Motion);
        Assert.Equal(Direction.Backward, api.Robot("Torvalds").GetState().Motion);
        Assert.Equal([1, 0, 1, 0], RobotSettings.LinusDirectionPins.Select(pin => (int)api.Pins("Linus").GetLevel(pin)));
        Assert.Equal([1, 0, 0, 1], new[] { 7, 8, 9, 10 }.Select(pin => (int)api.Pins("Torvalds").GetLevel(pin)));
        await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "stop" });
        await client.PostAsJsonAsync("/robots/torvalds/drive", new { direction = "stop" });
    }

    private static int[] ExpectedLinusLevels(Direction direction) => direction switch
    {
        Direction.Forward => [1, 0, 1, 0],
        Direction.Backward => [0, 1, 0, 1],
        Direction.Left => [0, 1, 1, 0],
        Direction.Right => [1, 0, 0, 1],
        _ => [0, 0, 0, 0],
    };
}
