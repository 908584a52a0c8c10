namespace DualRobot.Api.Robots.Commands.Admission;

/// <summary>One reason to refuse a command. The pipeline asks every rule, in order, at both stages.</summary>
internal interface IAdmissionRule
{
    /// <summary>Null admits the command; otherwise why it is refused. Nothing has been written yet.</summary>
    CommandRefusal? Check(RobotCommand command, AdmissionStage stage);
}
