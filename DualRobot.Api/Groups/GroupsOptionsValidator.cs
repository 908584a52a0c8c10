using System.Text.RegularExpressions;
using DualRobot.Api.Robots;
using DualRobot.Contract;
using Microsoft.Extensions.Options;

namespace DualRobot.Api.Groups;

/// <summary>Refuses groups that could not move as one: every message names the group and the field.</summary>
public sealed partial class GroupsOptionsValidator(IOptions<RobotFleetOptions> robots) : IValidateOptions<GroupsOptions>
{
    public ValidateOptionsResult Validate(string? name, GroupsOptions options)
    {
        var failures = new List<string>();
        foreach (var (groupName, group) in options)
        {
            var prefix = $"{GroupsOptions.SectionName}:{groupName}";
            if (!GroupNamePattern().IsMatch(groupName))
            {
                failures.Add($"{prefix}: the group name must be 1–32 letters, digits, '-' or '_'.");
            }

            if (group.FollowOffsetMeters is < FollowOffsetAttribute.MinMeters or > FollowOffsetAttribute.MaxMeters or double.NaN)
            {
                failures.Add($"{prefix}:FollowOffsetMeters: {group.FollowOffsetMeters} is not within {FollowOffsetAttribute.MinMeters}..{FollowOffsetAttribute.MaxMeters}.");
            }

            if (string.Equals(groupName, GroupsOptions.All, StringComparison.OrdinalIgnoreCase))
            {
                if (group.Members.Count > 0)
                {
                    failures.Add($"{prefix}:Members: '{GroupsOptions.All}' is every robot of the instance; name another group for a choice of them.");
                }

                continue;
            }

            failures.AddRange(MemberFailures(prefix, group.Members));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> MemberFailures(string prefix, List<string> members)
    {
        if (members.Count == 0)
        {
            yield return $"{prefix}:Members: name at least one robot.";
            yield break;
        }

        foreach (var duplicate in members.GroupBy(m => m, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return $"{prefix}:Members: '{duplicate.Key}' is named more than once.";
        }

        var configured = members.Where(m => robots.Value.TryGetValue(m, out var robot) && robot.Enabled).ToList();
        foreach (var unknown in members.Except(configured, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{prefix}:Members: '{unknown}' is no enabled robot of {RobotFleetOptions.SectionName}.";
        }

        var shards = configured.Select(m => robots.Value[m].Shard ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (shards.Count > 1)
        {
            yield return $"{prefix}:Members: the members are driven by different api instances ({string.Join(", ", shards.Select(s => s.Length == 0 ? "(unset)" : s))}); "
                + "one instance must drive every member of a group.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex GroupNamePattern();
}
