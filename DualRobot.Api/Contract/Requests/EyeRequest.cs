using System.ComponentModel.DataAnnotations;

namespace DualRobot.Contract;

/// <summary><c>{"state":"on"|"off"|"blink"}</c>.</summary>
public sealed record EyeRequest([property: Required(ErrorMessage = RequestMessages.Required)] EyeState? State);
