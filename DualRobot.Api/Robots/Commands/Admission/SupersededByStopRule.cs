using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands.Admission;

/// <summary>A motion that waited in the gate while a stop took effect is dropped, not applied after the stop.</summary>
internal sealed class SupersededByStopRule(StopEpoch epoch) : IAdmissionRule
{
    public CommandRefusal? Check(RobotCommand command, AdmissionStage stage) =>
        stage == AdmissionStage.InGate && command.IsSupersededByStop && command.ArrivalEpoch != epoch.Current
            ? new CommandRefusal(CommandStatus.Superseded, CommandOutcomes.Superseded,
                "A stop arrived while this command waited; it was not applied.")
            : null;
}
