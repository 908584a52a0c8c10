using System.ComponentModel.DataAnnotations;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Apis.Requests;

/// <summary><c>{"state":"on"|"off"|"blink"}</c>.</summary>
public sealed record EyeRequest([property: Required] EyeState? State);
