using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary>
/// <c>{"linear":0.5,"angular":0.2,"leaseMs":500}</c> or the tank form <c>{"left":0.5,"right":-0.5}</c>: exactly one
/// form, both of its fields, each −1..1; leaseMs is optional.
/// </summary>
public sealed record VelocityRequest(
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("Forward (+) or backward (-) share of full speed; with angular, not with left/right.")] double? Linear = null,
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("Counter-clockwise (+) or clockwise (-) turn; with linear, not with left/right.")] double? Angular = null,
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("Left side, tank form; with right, not with linear/angular.")] double? Left = null,
    [property: Range(-1d, 1d, ErrorMessage = RequestMessages.Range), Description("Right side, tank form; with left, not with linear/angular.")] double? Right = null,
    [property: Lease] int? LeaseMs = null) : IValidatableObject
{
    /// <summary>The linear and angular form (else the tank form); meaningful once the body is valid.</summary>
    public bool IsTwist => Linear is not null || Angular is not null;

    /// <summary>Exactly one form, with both of its fields; the ranges are the fields' own.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var tank = Left is not null || Right is not null;
        if (IsTwist == tank)
        {
            yield return new ValidationResult(IsTwist
                ? "Give linear and angular, or left and right; not both forms."
                : "Required: linear and angular (each -1..1), or left and right (each -1..1).", [RequestFields.Body]);
            yield break;
        }

        var (first, firstName, second, secondName) = IsTwist ? (Linear, "linear", Angular, "angular") : (Left, "left", Right, "right");
        if (first is null)
        {
            yield return new ValidationResult($"Required with {secondName}: a number within -1..1.", [firstName]);
        }

        if (second is null)
        {
            yield return new ValidationResult($"Required with {firstName}: a number within -1..1.", [secondName]);
        }
    }
}
