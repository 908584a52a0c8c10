using DualRobot.Api.Control;

namespace DualRobot.Api.Groups;

/// <summary>A group command's answer: every member's state, or the member that refused it and why (nothing moved).</summary>
/// <param name="StopEpochs">Each member's stop epoch once its part was applied (inside its gate); empty when refused.</param>
internal sealed record GroupOutcome(IReadOnlyList<RobotState> States, IReadOnlyList<long> StopEpochs, string? Member = null, CommandResult? Refusal = null)
{
    public bool IsAccepted => Refusal is null;

    public static GroupOutcome Refused(string member, CommandResult refusal) => new([], [], member, refusal);
}
