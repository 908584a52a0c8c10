using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary>
/// <c>POST /groups/{group}/drive</c>: a <see cref="DriveRequest"/> (same fields, same rules) with the group's
/// <c>mode</c>, e.g. <c>{"mode":"together","direction":"forward","speed":0.5}</c>. A stop stops every member, whatever
/// the mode.
/// </summary>
public sealed record GroupDriveRequest(
    [property: Required(ErrorMessage = RequestMessages.Required)]
    [property: DeniedValues(Contract.Direction.Velocity, ErrorMessage = "Must be one of stop, forward, backward, left, right.")]
    [property: Description("Where to drive; stop always goes through, to every member.")]
    Direction? Direction,
    [property: Description("together (default), mirror or follow.")] GroupMode? Mode = null,
    [property: Range(0d, 1d, ErrorMessage = RequestMessages.Range)]
    [property: Description("Fraction of full speed; only members with enable (PWM) pins take other than 1.")]
    double? Speed = null,
    [property: Lease] int? LeaseMs = null,
    [property: FollowOffset] double? OffsetMeters = null) : IValidatableObject
{
    [JsonIgnore]
    public bool IsStop => Direction == Contract.Direction.Stop;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        FollowOffsetAttribute.OnlyWhenFollowing(Mode, OffsetMeters);
}
