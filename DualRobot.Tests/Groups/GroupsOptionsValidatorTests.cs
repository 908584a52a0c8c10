using DualRobot.Api.Groups;
using DualRobot.Api.Robots;
using Microsoft.Extensions.Options;

namespace DualRobot.Tests.Groups;

/// <summary>Groups that could not move as one are refused at start, each message naming the group and the field.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class GroupsOptionsValidatorTests
{
    private static readonly RobotFleetOptions Robots = new()
    {
        ["Linus"] = new RobotOptions(),
        ["Torvalds"] = new RobotOptions(),
        ["Far"] = new RobotOptions { Shard = "api-1" },
        ["Off"] = new RobotOptions { Enabled = false },
    };

    public static TheoryData<string[], double, string> Invalid => new()
    {
        { [], 0.5, "Groups:pair:Members: name at least one robot." },
        { ["Linus", "linus"], 0.5, "'Linus' is named more than once" },
        { ["Linus", "Nobody"], 0.5, "'Nobody' is no enabled robot" },
        { ["Linus", "Off"], 0.5, "'Off' is no enabled robot" },
        { ["Linus", "Far"], 0.5, "driven by different api instances" },
        { ["Linus", "Torvalds"], 5, "Groups:pair:FollowOffsetMeters" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Group_ThatCouldNotMoveAsOne_IsRefused_NamingGroupAndField(string[] members, double offset, string expected)
    {
        var result = Validate(new GroupsOptions { ["pair"] = new GroupOptions { Members = [.. members], FollowOffsetMeters = offset } });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void All_MayOnlySetItsOffset_ItsMembersAreEveryRobot()
    {
        Assert.True(Validate(new GroupsOptions { ["all"] = new GroupOptions { FollowOffsetMeters = 0.8 } }).Succeeded);
        Assert.True(Validate(new GroupsOptions { ["ALL"] = new GroupOptions { Members = ["Linus"] } }).Failed);
    }

    [Fact]
    public void Pair_OfOneInstancesRobots_IsValid() =>
        Assert.True(Validate(new GroupsOptions { ["pair"] = new GroupOptions { Members = ["Torvalds", "Linus"] } }).Succeeded);

    private static ValidateOptionsResult Validate(GroupsOptions groups) =>
        new GroupsOptionsValidator(Options.Create(Robots)).Validate(null, groups);
}
