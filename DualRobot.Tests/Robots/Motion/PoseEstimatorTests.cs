using DualRobot.Api.Robots.Motion;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Robots.Motion;

/// <summary>The pose from side values and elapsed (fake) time, with and without an arena.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class PoseEstimatorTests
{
    private const double Precision = 1e-9;
    private readonly FakeTimeProvider _time = new();
    private readonly KinematicsOptions _kinematics = new();

    [Fact]
    public void FullSpeedForward_CoversMaxWheelSpeedTimesTheTime()
    {
        var estimator = new PoseEstimator(_kinematics, arena: null, _time);

        estimator.Change(new SideValues(1, 1));
        _time.Advance(TimeSpan.FromSeconds(2));
        var pose = estimator.Advance();

        Assert.Equal(0.8, pose.X, Precision);
        Assert.Equal(0, pose.Y, Precision);
        Assert.Equal(0, pose.Heading, Precision);
    }

    [Fact]
    public void SpinInPlace_TurnsWithoutMoving()
    {
        var estimator = new PoseEstimator(_kinematics, arena: null, _time);

        // ω = 2 · 0.4 / 0.15 rad/s; half a turn.
        estimator.Change(new SideValues(-1, 1));
        _time.Advance(TimeSpan.FromSeconds(Math.PI / (0.8 / 0.15)));
        var pose = estimator.Advance();

        Assert.Equal(0, pose.X, 1e-6);
        Assert.Equal(0, pose.Y, 1e-6);
        Assert.Equal(Math.PI, Math.Abs(pose.Heading), 1e-6);
    }

    [Fact]
    public void FullCircle_PublishedEvery100ms_ComesBackToTheStartWithin1e6()
    {
        var estimator = new PoseEstimator(_kinematics, arena: null, _time);
        estimator.Change(new SideValues(0.25, 0.75));
        // ω = (0.3 − 0.1) / 0.15 rad/s.
        var period = TimeSpan.FromSeconds(2 * Math.PI / (0.2 / 0.15));
        var elapsed = TimeSpan.Zero;
        while (elapsed + TimeSpan.FromMilliseconds(100) < period)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            elapsed += TimeSpan.FromMilliseconds(100);
            estimator.Advance();
        }

        _time.Advance(period - elapsed);
        var pose = estimator.Advance();

        // FakeTimeProvider counts in ticks (100 ns): the period is hit to within 100 ns, a few times 1e-8 m here.
        Assert.Equal(0, pose.X, 1e-6);
        Assert.Equal(0, pose.Y, 1e-6);
        Assert.Equal(0, pose.Heading, 1e-6);
    }

    [Fact]
    public void Stopped_DoesNotMove()
    {
        var estimator = new PoseEstimator(_kinematics, arena: null, _time);
        estimator.Change(new SideValues(1, 1));
        _time.Advance(TimeSpan.FromSeconds(1));
        estimator.Change(SideValues.Stop);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0.4, estimator.Advance().X, Precision);
    }

    [Fact]
    public void InAnArena_StopsAtTheWall_AndSlidesNoFurther()
    {
        var estimator = new PoseEstimator(_kinematics, new Arena(4, 4), _time);

        estimator.Change(new SideValues(1, 1));
        _time.Advance(TimeSpan.FromSeconds(10)); // 4 m of travel, but the wall is 2 m ahead
        var pose = estimator.Advance();

        Assert.Equal(2, pose.X, Precision);
        Assert.Equal(0, pose.Y, Precision);
        Assert.True(estimator.AtWall);
    }

    [Fact]
    public void InAnArena_AWideArc_NeverLeavesIt()
    {
        var estimator = new PoseEstimator(_kinematics, new Arena(1, 1), _time);

        // A left arc of radius 1.425 m in a 1 × 1 m arena: it meets the walls and is held inside all the way round.
        estimator.Change(new SideValues(0.9, 1));
        var metWall = false;
        for (var i = 0; i < 300; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            var pose = estimator.Advance();
            Assert.InRange(pose.X, -0.5, 0.5);
            Assert.InRange(pose.Y, -0.5, 0.5);
            metWall |= estimator.AtWall;
        }

        Assert.True(metWall);
    }

    [Fact]
    public void Reset_PutsTheRobotBackAtTheStart()
    {
        var estimator = new PoseEstimator(_kinematics, new Arena(4, 4), _time);
        estimator.Change(new SideValues(0.5, 1));
        _time.Advance(TimeSpan.FromSeconds(1));
        estimator.Advance();

        estimator.Reset();

        Assert.Equal(Pose.Start, estimator.Pose);
        Assert.False(estimator.AtWall);
    }

    [Fact]
    public void ARobotStartsAtItsConfiguredStartPose_AndAResetPutsItBackThere()
    {
        var kinematics = new KinematicsOptions { StartPose = new StartPoseOptions { X = -0.5, Y = 0.25, Heading = Math.PI / 2 } };
        var estimator = new PoseEstimator(kinematics, new Arena(4, 4), _time);
        Assert.Equal(new Pose(-0.5, 0.25, Math.PI / 2), estimator.Pose);

        estimator.Change(new SideValues(1, 1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0.65, estimator.Advance().Y, 9);

        estimator.Reset();
        Assert.Equal(new Pose(-0.5, 0.25, Math.PI / 2), estimator.Pose);
    }
}
