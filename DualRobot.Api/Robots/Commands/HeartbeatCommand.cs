using System.Diagnostics;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands;

/// <summary>Renews the lease of the current motion; writes no pins and publishes nothing.</summary>
internal sealed class HeartbeatCommand(TimeSpan lease) : RobotCommand
{
    public override string Action => RobotActions.Heartbeat;

    public override string Span => RobotTelemetry.Spans.Heartbeat;

    public override bool Publishes => false;

    /// <summary>A renewal of the holder's own motion, so it needs the claim too (after a take-over, it is refused).</summary>
    public override bool NeedsClaim => true;

    /// <summary>A page sends them while a button is held, moving or not: only a moving robot's claim is renewed.</summary>
    public override bool RenewsClaimOnlyWhileMoving => true;

    /// <summary>Several a second while a button is held: only refusals are worth a record.</summary>
    public override bool AuditsAcceptance => false;

    public override void Tag(Activity activity) => activity.SetTag(RobotTelemetry.Tags.LeaseMs, (int)lease.TotalMilliseconds);

    public override void Commit(CommandScope scope) => scope.Robot.Lease.Renew(lease);
}
