using System.Diagnostics;
using DualRobot.Api.Diagnostics;

namespace DualRobot.Api.Robots.Commands;

/// <summary>Renews the lease of the current motion; writes no pins and publishes nothing.</summary>
internal sealed class HeartbeatCommand(TimeSpan lease) : RobotCommand
{
    public override string Action => RobotActions.Heartbeat;

    public override string Span => RobotTelemetry.Spans.Heartbeat;

    public override bool Publishes => false;

    public override void Tag(Activity activity) => activity.SetTag(RobotTelemetry.Tags.LeaseMs, (int)lease.TotalMilliseconds);

    public override void Commit(CommandScope scope) => scope.Robot.Lease.Renew(lease);
}
