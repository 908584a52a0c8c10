using DualRobot.Api.Control;

namespace DualRobot.Api.Robots.Commands.Admission;

/// <param name="Outcome">The <c>outcome</c> label, one of <see cref="Diagnostics.CommandOutcomes"/>.</param>
internal readonly record struct CommandRefusal(CommandStatus Status, string Outcome, string Detail);
