using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Tests.Robots.Motion;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SideValuesTests
{
    [Theory]
    [InlineData(1, 0, 1, 1)]
    [InlineData(-1, 0, -1, -1)]
    [InlineData(0, 1, -1, 1)]
    [InlineData(0, -1, 1, -1)]
    [InlineData(0.5, 0.25, 0.25, 0.75)]
    [InlineData(0.5, -0.25, 0.75, 0.25)]
    [InlineData(-0.5, 0.25, -0.75, -0.25)]
    [InlineData(0, 0, 0, 0)]
    public void Mix_IsLinearMinusAndPlusAngular_WithinReach(double linear, double angular, double left, double right)
    {
        Assert.Equal(new SideValues(left, right), SideValues.Mix(linear, angular));
    }

    [Theory]
    [InlineData(1, 0.5, 1.5)]
    [InlineData(1, 1, 2)]
    [InlineData(-0.8, -0.6, 1.4)]
    public void Mix_BeyondReach_ScalesBothSidesByTheLargerOne_KeepingTheArc(double linear, double angular, double scale)
    {
        var sides = SideValues.Mix(linear, angular);

        Assert.Equal((linear - angular) / scale, sides.Left, 12);
        Assert.Equal((linear + angular) / scale, sides.Right, 12);
        Assert.Equal(1, Math.Max(Math.Abs(sides.Left), Math.Abs(sides.Right)), 12);
    }

    [Theory]
    [InlineData(Direction.Forward, 0.6, 0.6)]
    [InlineData(Direction.Backward, -0.6, -0.6)]
    [InlineData(Direction.Left, -0.6, 0.6)]
    [InlineData(Direction.Right, 0.6, -0.6)]
    [InlineData(Direction.Stop, 0, 0)]
    public void DriveDirections_ArePresetsOfSideValues(Direction direction, double left, double right)
    {
        Assert.Equal(new SideValues(left, right), SideValues.Preset(direction, 0.6));
    }
}
