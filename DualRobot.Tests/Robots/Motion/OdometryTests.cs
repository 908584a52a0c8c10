using DualRobot.Api.Robots.Motion;

namespace DualRobot.Tests.Robots.Motion;

/// <summary>The exact-arc integration against closed forms.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class OdometryTests
{
    private const double WheelBase = 0.15;
    private const double Precision = 1e-9;

    [Fact]
    public void EqualSpeeds_DriveAStraightLineAlongTheHeading()
    {
        var start = new Pose(1, 2, Math.PI / 6);

        var pose = Odometry.Integrate(start, 0.4, 0.4, WheelBase, 2.5);

        // One metre along 30°.
        Assert.Equal(1 + Math.Cos(Math.PI / 6), pose.X, Precision);
        Assert.Equal(2 + Math.Sin(Math.PI / 6), pose.Y, Precision);
        Assert.Equal(Math.PI / 6, pose.Heading, Precision);
    }

    [Fact]
    public void OppositeSpeeds_SpinInPlace_CounterClockwiseWhenTheRightSideLeads()
    {
        // ω = (vR − vL) / b = 0.8 / 0.15 rad/s; a quarter turn takes (π/2) / ω.
        var omega = 0.8 / WheelBase;

        var pose = Odometry.Integrate(Pose.Start, -0.4, 0.4, WheelBase, Math.PI / 2 / omega);

        Assert.Equal(0, pose.X, Precision);
        Assert.Equal(0, pose.Y, Precision);
        Assert.Equal(Math.PI / 2, pose.Heading, Precision);
    }

    [Fact]
    public void Arc_FollowsTheCircleOfRadiusVOverOmega()
    {
        // vL = 0.2, vR = 0.4: v = 0.3, ω = 0.2 / 0.15, r = v/ω = 0.225, centre at (0, r).
        const double v = 0.3;
        const double omega = 0.2 / WheelBase;
        const double r = v / omega;
        const double t = 0.7;

        var pose = Odometry.Integrate(Pose.Start, 0.2, 0.4, WheelBase, t);

        Assert.Equal(r * Math.Sin(omega * t), pose.X, Precision);
        Assert.Equal(r * (1 - Math.Cos(omega * t)), pose.Y, Precision);
        Assert.Equal(omega * t, pose.Heading, Precision);
    }

    [Fact]
    public void FullCircle_InSmallSteps_ComesBackToTheStartWithin1e6()
    {
        // A right arc (left side leads) for one full period 2π/|ω|, integrated in 10 ms steps as a robot publishes.
        const double left = 0.4;
        const double right = 0.1;
        var period = 2 * Math.PI / (Math.Abs(right - left) / WheelBase);
        var pose = Pose.Start;
        var steps = (int)Math.Floor(period / 0.01);
        for (var i = 0; i < steps; i++)
        {
            pose = Odometry.Integrate(pose, left, right, WheelBase, 0.01);
        }

        pose = Odometry.Integrate(pose, left, right, WheelBase, period - (steps * 0.01));

        Assert.Equal(0, pose.X, 1e-6);
        Assert.Equal(0, pose.Y, 1e-6);
        Assert.Equal(0, Odometry.Wrap(pose.Heading), 1e-6);
    }

    [Fact]
    public void Heading_IsWrappedToMinusPiPi()
    {
        var pose = Odometry.Integrate(Pose.Start, -0.4, 0.4, WheelBase, 1.5 * Math.PI / (0.8 / WheelBase));

        Assert.Equal(-Math.PI / 2, pose.Heading, Precision);
    }
}
