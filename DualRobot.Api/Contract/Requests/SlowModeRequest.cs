using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary><c>PUT /robots/{name}/slow-mode</c>: <c>{"enabled":true}</c> caps the robot at <c>Safety:SlowModeMaxSpeed</c>.</summary>
public sealed record SlowModeRequest(
    [property: Required(ErrorMessage = RequestMessages.Required), Description("On: every driver is capped at the slow-mode speed.")] bool? Enabled = null);
