using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DualRobot.Contract;

/// <summary><c>{"direction":"forward","speed":0.8,"leaseMs":500}</c>; speed and leaseMs are optional.</summary>
public sealed record DriveRequest(
    [property: Required(ErrorMessage = RequestMessages.Required)]
    [property: DeniedValues(Contract.Direction.Velocity, ErrorMessage = "Must be one of stop, forward, backward, left, right.")]
    [property: Description("Where to drive; stop always goes through.")]
    Direction? Direction,
    [property: Range(0d, 1d, ErrorMessage = RequestMessages.Range)]
    [property: Description("Fraction of full speed; only robots with enable (PWM) pins take other than 1.")]
    double? Speed = null,
    [property: Lease] int? LeaseMs = null)
{
    /// <summary>A stop is never stale: it does not even read the deadline, so not even a malformed one can hold it up.</summary>
    [JsonIgnore]
    public bool IsStop => Direction == Contract.Direction.Stop;
}
