using DualRobot.Api.Groups;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Tests.Groups;

/// <summary>The follow mode's steering law on its own: what a follower is told from both poses.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class FollowControllerTests
{
    private static readonly KinematicsOptions Body = new();

    [Fact]
    public void FollowerOnTarget_BehindAStraightLeader_RunsExactlyAsTheLeaderDoes()
    {
        var sides = FollowController.Step(new Pose(1, 2, 0.3), new SideValues(0.5, 0.5), Body,
            new Pose(1 - (0.5 * Math.Cos(0.3)), 2 - (0.5 * Math.Sin(0.3)), 0.3), Body, 0.5);

        Assert.Equal(0.5, sides.Left, 9);
        Assert.Equal(0.5, sides.Right, 9);
    }

    [Fact]
    public void FollowerOnTarget_BehindAStillLeader_StaysStill()
    {
        var sides = FollowController.Step(new Pose(0, 0, 0), SideValues.Stop, Body, new Pose(-0.5, 0, 0), Body, 0.5);

        Assert.Equal(0, sides.Left, 9);
        Assert.Equal(0, sides.Right, 9);
    }

    [Fact]
    public void FollowerFarBehind_GoesForwardAtFullSpeedAtMost()
    {
        var sides = FollowController.Step(new Pose(0, 0, 0), new SideValues(0.5, 0.5), Body, new Pose(-3, 0, 0), Body, 0.5);

        Assert.Equal(1, Math.Max(Math.Abs(sides.Left), Math.Abs(sides.Right)), 9);
        Assert.Equal(sides.Left, sides.Right, 9);
    }

    [Fact]
    public void FollowerToTheRightOfItsTarget_TurnsLeftTowardsIt()
    {
        var sides = FollowController.Step(new Pose(0, 0, 0), new SideValues(0.5, 0.5), Body, new Pose(-0.5, -0.2, 0), Body, 0.5);

        Assert.True(sides.Right > sides.Left, $"left {sides.Left}, right {sides.Right}");
    }

    [Fact]
    public void FollowerAheadOfItsTarget_BehindAStillLeader_BacksUp()
    {
        var sides = FollowController.Step(new Pose(0, 0, 0), SideValues.Stop, Body, new Pose(-0.3, 0, 0), Body, 0.5);

        Assert.True(sides.Left < 0 && sides.Right < 0, $"left {sides.Left}, right {sides.Right}");
    }
}
