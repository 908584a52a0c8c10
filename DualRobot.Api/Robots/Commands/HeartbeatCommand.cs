using System.Diagnostics;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Motion;
using DualRobot.Api.Safety;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// Renews the lease of the current motion. Writes no pins, but on a robot with its own watchdog (pigpio) the renewal
/// must reach it: one kick, read back with the watchdog's fire count. A watchdog that had already stopped the motors
/// ends the motion here, so the state never claims one the robot does not have.
/// </summary>
internal sealed class HeartbeatCommand(TimeSpan lease) : RobotCommand
{
    private bool _fired;
    private SideValues? _slower;

    public override string Action => RobotActions.Heartbeat;

    public override string Span => RobotTelemetry.Spans.Heartbeat;

    /// <summary>Publishes only when the robot's watchdog had stopped it, or the envelope held the motion back.</summary>
    public override bool Publishes => _fired || Envelope.SidesChanged || Envelope.Limit != EnvelopeLimit.None;

    /// <summary>A renewal of the holder's own motion, so it needs the claim too (after a take-over, it is refused).</summary>
    public override bool NeedsClaim => true;

    /// <summary>A page sends them while a button is held, moving or not: only a moving robot's claim is renewed.</summary>
    public override bool RenewsClaimOnlyWhileMoving => true;

    /// <summary>Several a second while a button is held: only refusals are worth a record.</summary>
    public override bool AuditsAcceptance => false;

    public override void Tag(Activity activity) => activity.SetTag(RobotTelemetry.Tags.LeaseMs, (int)lease.TotalMilliseconds);

    /// <summary>
    /// A write (the watchdog's kick, no pins) only for a held motion on a robot whose watchdog is armed; the motion's
    /// pins when the envelope slowed it (a cap that came on since, such as slow mode).
    /// </summary>
    public override string? Pins(CommandScope scope) =>
        Envelope.SidesChanged ? scope.Devices.DirectionPinsTag
        : scope.Robot.Lease.IsHeld && scope.Robot.Backend.WatchdogArmed ? string.Empty : null;

    /// <summary>The motion it would keep going, while there is one: the envelope checks where the renewed lease takes it.</summary>
    public override bool Intends(RobotContext robot, out MotionIntent intent)
    {
        intent = new MotionIntent(null, lease);
        return robot.Lease.IsHeld;
    }

    public override void Write(CommandScope scope)
    {
        if (Envelope.SidesChanged)
        {
            _slower = scope.Devices.Drive.Apply(Envelope.Sides, Envelope.LeaseOr(lease));
            return;
        }

        _fired = scope.Devices.Drive.Renew(Envelope.LeaseOr(lease));
        if (_fired)
        {
            // The pins are off already; this makes them, the duties and the watchdog (stood down) agree.
            scope.Devices.Drive.Apply(Direction.Stop, 0);
        }
    }

    public override void Commit(CommandScope scope)
    {
        if (!_fired)
        {
            if (_slower is { } slower)
            {
                scope.Robot.State.Rescale(slower);
                scope.Robot.Instrumentation.Sides(slower);
            }

            scope.Robot.Lease.Renew(Envelope.LeaseOr(lease));
            scope.Robot.Envelope?.Commit(Envelope);
            return;
        }

        scope.Robot.Lease.Release();
        scope.Robot.State.SetStopped();
        scope.Robot.Instrumentation.Motion(Direction.Stop);
        scope.Robot.Instrumentation.Sides(SideValues.Stop);
    }
}
