using DualRobot.Api.Robots.Motion;
using DualRobot.Api.Safety;

namespace DualRobot.Tests.Safety;

/// <summary>How far a path may go before it comes within the margin of a zone or the arena's edge.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class PathClearanceTests
{
    private const double Margin = 0.1;
    private const double WheelBase = 0.15;

    // A wall across the way ahead: x from 1 to 1.5.
    private static readonly KeepOutArea[] Wall = [Area("Wall", new ZoneRectangle(1, -0.5, 1.5, 0.5))];

    [Fact]
    public void StraightAtAZone_StopsTheMarginBeforeIt()
    {
        // 0.4 m/s for 5 s would be 2 m; the margin is reached after 0.9 m.
        var free = PathClearance.FreeSeconds(Query(new Pose(0, 0, 0), 0.4, 0.4, 5), Wall, out var blocker);

        Assert.Equal(0, blocker);
        Assert.Equal(0.9 / 0.4, free, 1e-4);
    }

    [Fact]
    public void APathThatStaysClear_RunsItsWholeLease()
    {
        var free = PathClearance.FreeSeconds(Query(new Pose(0, 0, 0), 0.4, 0.4, 1), Wall, out var blocker);

        Assert.Equal(PathClearance.None, blocker);
        Assert.Equal(1, free);
    }

    [Fact]
    public void AnArcTowardAZone_StopsWhereItsArcComesWithinTheMargin()
    {
        // v = 0.4 m/s, ω = 0.4 / 0.15 rad/s: a circle of radius 0.15 m about (0, 0.15), whose top (0, 0.3) lies
        // within the margin of a zone from y = 0.35.
        var zone = new[] { Area("Shelf", new ZoneRectangle(-0.1, 0.35, 0.1, 0.8)) };
        var (left, right) = (0.2, 0.6);
        var query = Query(new Pose(0, 0, 0), left, right, 3);

        var free = PathClearance.FreeSeconds(query, zone, out var blocker);
        var stop = Odometry.Integrate(query.Start, left, right, WheelBase, free);

        Assert.Equal(0, blocker);
        Assert.InRange(free, 0.01, 2.99);
        Assert.Equal(Margin, zone[0].SignedDistance(stop.X, stop.Y), 1e-4);
        for (var t = 0.0; t <= free; t += 0.001)
        {
            var pose = Odometry.Integrate(query.Start, left, right, WheelBase, t);
            Assert.True(zone[0].SignedDistance(pose.X, pose.Y) >= Margin - 1e-4, $"at {t:0.000} s the arc is within the margin");
        }
    }

    [Fact]
    public void AtTheMargin_OnTowardTheZone_CannotMove_ButAwayOrAlongOrSpinning_Can()
    {
        var atMargin = new Pose(0.9, 0, 0);

        Assert.True(PathClearance.FreeSeconds(Query(atMargin, 0.4, 0.4, 1), Wall, out var on) < 1e-3);
        Assert.Equal(0, on);
        Assert.Equal(1, PathClearance.FreeSeconds(Query(atMargin, -0.4, -0.4, 1), Wall, out _));
        Assert.Equal(1, PathClearance.FreeSeconds(Query(atMargin with { Heading = Math.PI / 2 }, 0.4, 0.4, 1), Wall, out _));
        Assert.Equal(1, PathClearance.FreeSeconds(Query(atMargin, -0.4, 0.4, 1), Wall, out _));
    }

    [Fact]
    public void InsideAZone_OnlyAWayOut_IsFree()
    {
        // 0.1 m inside the wall's left edge, facing into it.
        var inside = new Pose(1.1, 0, 0);

        Assert.Equal(0, PathClearance.FreeSeconds(Query(inside, 0.4, 0.4, 1), Wall, out var deeper), 1e-3);
        Assert.Equal(0, deeper);
        Assert.Equal(1, PathClearance.FreeSeconds(Query(inside, -0.4, -0.4, 1), Wall, out _));

        // Along the edge, at the same depth, is not a way out.
        Assert.True(PathClearance.FreeSeconds(Query(inside with { Heading = Math.PI / 2 }, 0.4, 0.4, 1), Wall, out _) < 0.01);
    }

    [Fact]
    public void TheArenaEdge_StopsAPathTheMarginBeforeTheWall()
    {
        var free = PathClearance.FreeSeconds(Query(new Pose(0, 0, 0), 0.4, 0.4, 10, new Arena(4, 4)), [], out var blocker);

        Assert.Equal(PathClearance.ArenaEdge, blocker);
        Assert.Equal(1.9 / 0.4, free, 1e-4);
    }

    [Fact]
    public void ZonesOutOfReach_AreNotMeasured()
    {
        // A zone whose every point is 10 m away cannot matter to a 0.4 m path, whatever its shape.
        var far = new[] { Area("Far", new ZoneRectangle(10, 10, 11, 11)) };

        Assert.Equal(1, PathClearance.FreeSeconds(Query(new Pose(0, 0, 0), 0.4, 0.4, 1), far, out var blocker));
        Assert.Equal(PathClearance.None, blocker);
    }

    private static PathQuery Query(Pose start, double left, double right, double seconds, Arena? arena = null) =>
        new(start, left, right, WheelBase, seconds, arena, Margin);

    internal static KeepOutArea Area(string name, ZoneRectangle rectangle) =>
        new(new KeepOutZone(name, null, rectangle, null, ZoneSource.Configuration));
}
