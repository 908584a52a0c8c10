using DualRobot.Api.Control;

namespace DualRobot.Tests.Control;

[Trait(Tier.Name, Tier.Unit)]
public sealed class CommandDeadlineTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 11, 30, 0, 12, 34, 567, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-30T00:12:34.567Z")]
    [InlineData("2026-11-30T01:12:34.567+01:00")]
    [InlineData("2026-11-29T23:42:34.567-00:30")]
    [InlineData("2026-11-30T00:12:34.5670000Z")]
    public void Rfc3339WithAZone_Parses(string text)
    {
        Assert.True(CommandDeadline.TryParse(text, out var deadline));
        Assert.Equal(Deadline, deadline.At);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-30T00:12:34.567")]
    [InlineData("2026-11-30 00:12:34Z")]
    [InlineData("30/11/2026 00:12:34Z")]
    [InlineData("1764461554567")]
    [InlineData("tomorrow")]
    [InlineData("2026-13-30T00:12:34Z")]
    public void AnythingElse_IsRefused(string text)
    {
        Assert.False(CommandDeadline.TryParse(text, out _));
    }

    [Fact]
    public void HasPassed_OnlyBeyondTheAllowance()
    {
        var deadline = new CommandDeadline(Deadline);
        var allowance = TimeSpan.FromMilliseconds(500);

        Assert.False(deadline.HasPassed(Deadline.AddMilliseconds(-1), allowance));
        Assert.False(deadline.HasPassed(Deadline.AddMilliseconds(500), allowance));
        Assert.True(deadline.HasPassed(Deadline.AddMilliseconds(501), allowance));
    }
}
