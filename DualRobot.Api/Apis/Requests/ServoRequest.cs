using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DualRobot.Api.Apis.Requests;

/// <summary><c>{"angle":-45}</c>, inside the servo's configured range (see <c>GET /robots/{name}</c>).</summary>
public sealed record ServoRequest(
    [property: Required, Description("Degrees, within the servo's minAngle..maxAngle.")] double? Angle);
