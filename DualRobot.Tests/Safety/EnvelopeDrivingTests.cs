using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DualRobot.Tests.Recording;

namespace DualRobot.Tests.Safety;

/// <summary>
/// The envelope on the simulated robots through the api, on a fake clock a test moves in 10 ms steps, driven as a
/// console drives (a motion, then a heartbeat every 100 ms): no pose ever comes nearer than the margin to a zone.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class EnvelopeDrivingTests
{
    private const double Centimetre = 0.01;

    [Theory]
    [InlineData("Linus", "velocity")]
    [InlineData("Linus", "drive")]
    [InlineData("Torvalds", "drive")]
    public async Task DrivingStraightAtAZone_ForFiveSeconds_StopsAtTheMargin(string robot, string form)
    {
        await using var sim = new SimulatedDriving(SafetySettings.Zones(("Wall", SafetySettings.Wall)));
        await (form == "velocity" ? sim.Velocity(robot, 1, 0, 500) : sim.Drive(robot, "forward", leaseMs: 500));

        var nearest = await HoldAsync(sim, robot, TimeSpan.FromSeconds(5), SafetySettings.Wall);

        var state = await StoppedAsync(sim, robot);
        Assert.InRange(state.Pose.X, 1 - SafetySettings.Margin - Centimetre, 1 - SafetySettings.Margin + Centimetre);
        Assert.Equal(0, state.Pose.Y, 1e-9);
        Assert.True(nearest >= SafetySettings.Margin - Centimetre, $"came within {nearest:0.0000} m of the wall");
        Assert.Equal((EnvelopeLimit.KeepOut, "Wall"), (state.Envelope!.Limit, state.Envelope.Zone));
    }

    [Fact]
    public async Task AtTheMargin_DrivingOnIntoTheZone_IsRefused409KeepOut_NamingIt_AndNothingMoves()
    {
        await using var sim = new SimulatedDriving(SafetySettings.Zones(("Wall", SafetySettings.Wall)));
        await sim.Velocity("Linus", 1, 0, 500);
        await HoldAsync(sim, "Linus", TimeSpan.FromSeconds(3), SafetySettings.Wall);
        await StoppedAsync(sim, "Linus");
        var pins = sim.Api.TotalPinChanges;

        using var onward = await sim.Client.PostAsJsonAsync("/robots/Linus/velocity", new { linear = 0.5, angular = 0, leaseMs = 500 });

        Assert.Equal(HttpStatusCode.Conflict, onward.StatusCode);
        using var problem = JsonDocument.Parse(await onward.Content.ReadAsStringAsync());
        Assert.Equal(ProblemTypes.KeepOut, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal("Wall", problem.RootElement.GetProperty("zone").GetString());
        Assert.Equal("keep-out", problem.RootElement.GetProperty("limit").GetString());
        Assert.Contains("'Wall'", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(pins, sim.Api.TotalPinChanges);
        Assert.Equal(Direction.Stop, sim.Api.Robot("Linus").GetState().Motion);

        // Away from it, and along it, it moves.
        await sim.Velocity("Linus", -0.5, 0, 200);
        await sim.Velocity("Linus", 0, 1, 200);
    }

    [Fact]
    public async Task AnArcTowardAZone_StopsOnItsArc_AtTheMargin()
    {
        // Left 0.1 m/s, right 0.3 m/s: a circle of radius 0.15 m about (0, 0.15), whose top comes within the margin
        // of a shelf from y = 0.35.
        var shelf = new ZoneRectangle(-0.1, 0.35, 0.1, 0.8);
        await using var sim = new SimulatedDriving(SafetySettings.Zones(("Shelf", shelf)));
        await sim.Tank("Linus", 0.25, 0.75, 500);

        var nearest = await HoldAsync(sim, "Linus", TimeSpan.FromSeconds(5), shelf);

        var state = await StoppedAsync(sim, "Linus");
        Assert.Equal(SafetySettings.Margin, SafetySettings.Clearance(state.Pose, shelf), Centimetre);
        Assert.True(nearest >= SafetySettings.Margin - Centimetre, $"came within {nearest:0.0000} m of the shelf");

        // Still on its circle: the envelope cut the motion short and never bent it.
        Assert.Equal(0.15, Math.Sqrt((state.Pose.X * state.Pose.X) + Math.Pow(state.Pose.Y - 0.15, 2)), 1e-6);
    }

    [Theory]
    [InlineData("Linus")]
    [InlineData("Torvalds")]
    public async Task Heartbeats_CannotCarryARobotIn(string robot)
    {
        await using var sim = new SimulatedDriving(SafetySettings.Zones(("Wall", SafetySettings.Wall)));
        await sim.Drive(robot, "forward", leaseMs: 5000);
        var nearest = double.MaxValue;
        for (var second = 0; second < 10; second++)
        {
            // Every renewal asks for 5 s more, far past the wall.
            for (var i = 0; i < 100; i++)
            {
                sim.Time.Advance(SimulatedDriving.Step);
                nearest = Math.Min(nearest, SafetySettings.Clearance(sim.Api.Robot(robot).GetState().Pose, SafetySettings.Wall));
            }

            using var beat = await sim.Client.PostAsJsonAsync($"/robots/{robot}/heartbeat", new { leaseMs = 5000 });
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
            var state = sim.Api.Robot(robot).GetState();

            // A renewal never leases more than it takes to reach the margin at the speed the robot runs.
            if (Math.Abs(state.Left) * 0.4 is > 0 and var speed)
            {
                var toMargin = (SafetySettings.Clearance(state.Pose, SafetySettings.Wall) - SafetySettings.Margin) / speed;
                Assert.True(state.LeaseRemainingMs <= (toMargin * 1000) + 1, $"leased {state.LeaseRemainingMs} ms with {toMargin:0.000} s to the margin");
            }
        }

        var stopped = await StoppedAsync(sim, robot);
        Assert.InRange(stopped.Pose.X, 0.9 - Centimetre, 0.9 + Centimetre);
        Assert.True(nearest >= SafetySettings.Margin - Centimetre, $"came within {nearest:0.0000} m of the wall");
    }

    [Fact]
    public async Task InsideAZone_LeavingIsAllowed_GoingDeeperIsRefused()
    {
        await using var sim = new SimulatedDriving();
        var pen = new ZoneRectangle(-0.2, -0.3, 0.6, 0.3);
        using (var drawn = await sim.Client.PutAsJsonAsync("/zones/Pen", new { rectangle = pen }))
        {
            Assert.Equal(HttpStatusCode.OK, drawn.StatusCode);
        }

        var pins = sim.Api.TotalPinChanges;
        using var deeper = await sim.Client.PostAsJsonAsync("/robots/Linus/velocity", new { linear = 0.5, angular = 0, leaseMs = 500 });
        Assert.Equal(HttpStatusCode.Conflict, deeper.StatusCode);
        Assert.Contains("inside keep-out zone 'Pen'", await deeper.Content.ReadAsStringAsync());
        Assert.Equal(pins, sim.Api.TotalPinChanges);

        // Turning on the spot is allowed (the way out may lie behind), and so is backing straight out.
        await sim.Velocity("Linus", 0, 0.5, 100);
        sim.Run(TimeSpan.FromMilliseconds(100));
        await sim.Drive("Linus", "stop");
        await sim.Velocity("Linus", -1, 0, 2000);
        var depth = SafetySettings.Clearance(sim.Api.Robot("Linus").GetState().Pose, pen);
        for (var i = 0; i < 200; i++)
        {
            sim.Time.Advance(SimulatedDriving.Step);
            var now = SafetySettings.Clearance(sim.Api.Robot("Linus").GetState().Pose, pen);
            Assert.True(now >= depth - 1e-9, "backing out never went deeper");
            depth = now;
        }

        Assert.True(depth > SafetySettings.Margin, $"out of the pen and its margin ({depth:0.000} m)");
    }

    [Fact]
    public async Task AZoneDrawnInFrontOfAMovingRobot_StopsItAtTheMargin_FromItsNextRenewal()
    {
        await using var sim = new SimulatedDriving();
        await sim.Velocity("Linus", 1, 0, 500);
        await HoldAsync(sim, "Linus", TimeSpan.FromMilliseconds(500), SafetySettings.Wall);
        var box = new ZoneRectangle(0.6, -0.5, 1, 0.5);
        using (var drawn = await sim.Client.PutAsJsonAsync("/zones/Box", new { rectangle = box }))
        {
            Assert.Equal(HttpStatusCode.OK, drawn.StatusCode);
        }

        var nearest = await HoldAsync(sim, "Linus", TimeSpan.FromSeconds(3), box);

        var state = await StoppedAsync(sim, "Linus");
        Assert.InRange(state.Pose.X, 0.5 - Centimetre, 0.5 + Centimetre);
        Assert.True(nearest >= SafetySettings.Margin - Centimetre);
    }

    [Fact]
    public async Task TheArenaEdge_StopsARobotTheMarginBeforeTheWall()
    {
        await using var sim = new SimulatedDriving();
        await sim.Velocity("Linus", 1, 0, 500);

        await HoldAsync(sim, "Linus", TimeSpan.FromSeconds(6), SafetySettings.Wall with { MinX = 10, MaxX = 11 });

        var state = await StoppedAsync(sim, "Linus");
        Assert.InRange(state.Pose.X, 2 - SafetySettings.Margin - Centimetre, 2 - SafetySettings.Margin + Centimetre);
        Assert.Equal(EnvelopeLimit.Arena, state.Envelope!.Limit);
        Assert.Null(state.Envelope.Zone);
    }

    /// <summary>
    /// Holds the motion as a console does, a heartbeat (500 ms lease) every 100 ms, and returns how near the robot came
    /// to <paramref name="zone"/>, measured every step.
    /// </summary>
    private static async Task<double> HoldAsync(SimulatedDriving sim, string robot, TimeSpan duration, ZoneRectangle zone)
    {
        var nearest = double.MaxValue;
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromMilliseconds(100))
        {
            for (var i = 0; i < 10; i++)
            {
                sim.Time.Advance(SimulatedDriving.Step);
                nearest = Math.Min(nearest, SafetySettings.Clearance(sim.Api.Robot(robot).GetState().Pose, zone));
            }

            using var beat = await sim.Client.PostAsJsonAsync($"/robots/{robot}/heartbeat", new { leaseMs = 500 });
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        return nearest;
    }

    private static async Task<RobotState> StoppedAsync(SimulatedDriving sim, string robot)
    {
        await Eventually.True(() => sim.Api.Robot(robot).GetState().Motion == Direction.Stop, $"{robot} stopped");
        return sim.Api.Robot(robot).GetState();
    }
}
