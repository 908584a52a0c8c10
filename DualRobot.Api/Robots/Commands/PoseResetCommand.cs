using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands;

/// <summary>Puts the estimated pose back at the start. Writes no pins; not a motion, so the e-stop does not refuse it.</summary>
internal sealed class PoseResetCommand : RobotCommand
{
    public override string? Action => null;

    public override string Span => RobotTelemetry.Spans.PoseReset;

    public override bool IsRateLimited => false;

    public override void Commit(CommandScope scope) => scope.Robot.State.ResetPose();
}
