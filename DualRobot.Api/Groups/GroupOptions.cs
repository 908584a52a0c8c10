namespace DualRobot.Api.Groups;

/// <summary>One group as configured under <c>Groups:&lt;name&gt;</c>.</summary>
public sealed class GroupOptions
{
    /// <summary>
    /// The robots, by name, in order: the first leads in the mirror and follow modes. Every member must be driven by
    /// the same api instance (one <c>Robots:&lt;name&gt;:Shard</c>), or the group could not be all or none. Leave it
    /// empty for <see cref="GroupsOptions.All"/>, which is every robot of the instance.
    /// </summary>
    public List<string> Members { get; set; } = [];

    /// <summary>How far behind the member before it a follower keeps, in metres, when a command names no offset.</summary>
    public double FollowOffsetMeters { get; set; } = 0.5;
}

/// <summary>The <c>Groups</c> section: group name → group; <see cref="All"/> exists whether configured or not.</summary>
public sealed class GroupsOptions : Dictionary<string, GroupOptions>
{
    public const string SectionName = "Groups";

    /// <summary>Every robot this api instance drives, in configuration order.</summary>
    public const string All = "all";

    public GroupsOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}
