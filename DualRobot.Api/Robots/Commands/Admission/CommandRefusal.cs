using DualRobot.Api.Control;

namespace DualRobot.Api.Robots.Commands.Admission;

/// <param name="Outcome">The <c>outcome</c> label, one of <see cref="Diagnostics.CommandOutcomes"/>.</param>
/// <param name="Holder">For <see cref="CommandStatus.InUse"/>: who holds the robot.</param>
/// <param name="Zone">For <see cref="CommandStatus.KeepOut"/>: the zone in the way (null: the arena's edge).</param>
internal readonly record struct CommandRefusal(CommandStatus Status, string Outcome, string Detail, string? Holder = null, string? Zone = null);
