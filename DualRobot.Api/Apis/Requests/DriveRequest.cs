using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Apis.Requests;

/// <summary><c>{"direction":"forward","speed":0.8,"leaseMs":500}</c>; speed and leaseMs are optional.</summary>
public sealed record DriveRequest(
    [property: Required, Description("Where to drive; stop always goes through.")] DriveDirection? Direction,
    [property: Range(0d, 1d), Description("Fraction of full speed; only robots with enable (PWM) pins take other than 1.")] double? Speed = null,
    [property: Lease] int? LeaseMs = null);
