using DualRobot.Api.Robots.Devices;

namespace DualRobot.Tests.Robots.Devices;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SideOutputTests
{
    [Theory]
    [InlineData(0.5, 1, "Forward", 0.5)]
    [InlineData(-0.5, 1, "Backward", 0.5)]
    [InlineData(0.5, 0.8, "Forward", 0.4)]
    [InlineData(-1, 0.9, "Backward", 0.9)]
    [InlineData(0, 0.9, "Off", 0)]
    public void WithAnEnablePin_TheDutyIsTheMagnitudeTimesTrim(double value, double trim, string direction, double duty)
    {
        var output = SideOutput.For(value, trim, hasEnable: true, onOffThreshold: 0.25);

        Assert.Equal(direction, output.Direction.ToString());
        Assert.Equal(duty, output.Duty, 12);
        Assert.Equal(value, output.Value);
    }

    [Theory]
    [InlineData(0.25, "Forward", 1)]
    [InlineData(0.24, "Off", 0)]
    [InlineData(-0.24, "Off", 0)]
    [InlineData(-0.25, "Backward", -1)]
    [InlineData(0.6, "Forward", 1)]
    public void WithoutAnEnablePin_ASideRunsFullFromTheThreshold_AndIsOffBelow(double value, string direction, double effective)
    {
        var output = SideOutput.For(value, trim: 1, hasEnable: false, onOffThreshold: 0.25);

        Assert.Equal(direction, output.Direction.ToString());
        Assert.Equal(effective, output.Value);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1.01)]
    [InlineData(-2)]
    public void OutOfRange_Throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SideOutput.For(value, 1, true, 0.25));
    }
}
