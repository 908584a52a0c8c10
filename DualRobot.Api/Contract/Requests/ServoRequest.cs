using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary><c>{"angle":-45}</c>, inside the servo's configured range (see <c>GET /robots/{name}</c>).</summary>
public sealed record ServoRequest(
    [property: Required(ErrorMessage = RequestMessages.Required), Description("Degrees, within the servo's minAngle..maxAngle.")] double? Angle);
