using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Apis.Requests;

/// <summary>
/// <c>{"linear":0.5,"angular":0.2,"leaseMs":500}</c> or the tank form <c>{"left":0.5,"right":-0.5}</c>: exactly one
/// form, both of its fields, each −1..1; leaseMs is optional.
/// </summary>
public sealed record VelocityRequest(
    [property: Range(-1d, 1d), Description("Forward (+) or backward (-) share of full speed; with angular, not with left/right.")] double? Linear = null,
    [property: Range(-1d, 1d), Description("Counter-clockwise (+) or clockwise (-) turn; with linear, not with left/right.")] double? Angular = null,
    [property: Range(-1d, 1d), Description("Left side, tank form; with right, not with linear/angular.")] double? Left = null,
    [property: Range(-1d, 1d), Description("Right side, tank form; with left, not with linear/angular.")] double? Right = null,
    [property: Lease] int? LeaseMs = null)
{
    /// <summary>The side values asked for, or the field at fault and why.</summary>
    public bool TryGetSides(out SideValues sides, out string field, out string message)
    {
        sides = SideValues.Stop;
        var twist = Linear is not null || Angular is not null;
        var tank = Left is not null || Right is not null;
        (field, message) = (twist, tank) switch
        {
            (true, true) => ("body", "Give linear and angular, or left and right; not both forms."),
            (false, false) => ("body", "Required: linear and angular (each -1..1), or left and right (each -1..1)."),
            _ => (string.Empty, string.Empty),
        };
        if (field.Length > 0)
        {
            return false;
        }

        var (firstName, first, secondName, second) = twist
            ? ("linear", Linear, "angular", Angular)
            : ("left", Left, "right", Right);
        if (Check(firstName, first, secondName, out field, out message) || Check(secondName, second, firstName, out field, out message))
        {
            return false;
        }

        sides = twist ? SideValues.Mix(Linear!.Value, Angular!.Value) : new SideValues(Left!.Value, Right!.Value);
        return true;
    }

    private static bool Check(string name, double? value, string partner, out string field, out string message)
    {
        field = name;
        message = value switch
        {
            null => $"Required with {partner}: a number within -1..1.",
            { } v when !double.IsFinite(v) || v is < -1 or > 1 => "Must lie within -1..1.",
            _ => string.Empty,
        };
        return message.Length > 0;
    }
}
