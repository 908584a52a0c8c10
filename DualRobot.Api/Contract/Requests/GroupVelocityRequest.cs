using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary>
/// <c>POST /groups/{group}/velocity</c>: a <see cref="VelocityRequest"/> (same fields, same rules) with the group's
/// <c>mode</c>, e.g. <c>{"mode":"mirror","linear":0.5,"angular":0.2,"leaseMs":500}</c>.
/// </summary>
public sealed record GroupVelocityRequest(
    [property: Description("together (default), mirror or follow.")] GroupMode? Mode = null,
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("As a robot's velocity: forward (+) or backward (-) share of full speed.")] double? Linear = null,
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("As a robot's velocity: counter-clockwise (+) or clockwise (-) turn.")] double? Angular = null,
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("As a robot's velocity: left side, tank form.")] double? Left = null,
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("As a robot's velocity: right side, tank form.")] double? Right = null,
    [property: Lease] int? LeaseMs = null,
    [property: FollowOffset] double? OffsetMeters = null) : IValidatableObject
{
    /// <summary>The command the members are given (the first one as is).</summary>
    public VelocityRequest ToVelocity() => new(Linear, Angular, Left, Right, LeaseMs);

    /// <summary>A robot's velocity rules, then the group's own.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ToVelocity().Validate(validationContext).Concat(FollowOffsetAttribute.OnlyWhenFollowing(Mode, OffsetMeters));
}
