using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary>
/// How far behind the member before it a follower keeps, in metres (<c>offsetMeters</c>): within
/// <see cref="MinMeters"/>..<see cref="MaxMeters"/>, and only with the <c>follow</c> mode. Absent, the group's
/// configured offset (<c>Groups:&lt;name&gt;:FollowOffsetMeters</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FollowOffsetAttribute() : RangeAttribute(MinMeters, MaxMeters)
{
    public const double MinMeters = 0.2;
    public const double MaxMeters = 2;

    public override string FormatErrorMessage(string name) => $"Must lie within {MinMeters}..{MaxMeters} metres.";

    internal static IEnumerable<ValidationResult> OnlyWhenFollowing(GroupMode? mode, double? offsetMeters) =>
        offsetMeters is not null && mode != GroupMode.Follow
            ? [new ValidationResult("Only with mode follow.", ["offsetMeters"])]
            : [];
}
