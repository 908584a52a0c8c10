namespace DualRobot.Api.Robots;

/// <summary>
/// The <c>Shard</c> section: which api instance this is, when several share the robots (each robot names its
/// instance in <see cref="RobotOptions.Shard"/>). In the cluster the name is the StatefulSet pod's
/// (<c>api-0</c>, <c>api-1</c>...), so identity, volume (audit trail and robots' lock) and robots stay together.
/// </summary>
public sealed class ShardOptions
{
    public const string SectionName = "Shard";

    /// <summary>Unset: the only instance, driving every enabled robot.</summary>
    public string? Name { get; set; }

    /// <summary>Whether this instance drives <paramref name="robot"/>.</summary>
    public bool Owns(RobotOptions robot) =>
        robot.Enabled && (string.IsNullOrEmpty(Name) || string.Equals(robot.Shard, Name, StringComparison.OrdinalIgnoreCase));
}
