using System.Diagnostics;
using DualRobot.Api.Control;
using DualRobot.Api.Safety;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// One kind of command, as the <see cref="CommandPipeline"/> runs it: the flags say which admission rules apply and
/// how it queues; the hooks say what it writes and what it changes once written. One instance per command sent.
/// </summary>
internal abstract class RobotCommand
{
    /// <summary>The <c>action</c> label of <c>dualrobot_commands_total</c> and the span; null for commands the api makes itself and does not count.</summary>
    public abstract string? Action { get; }

    /// <summary>The span name; null for none.</summary>
    public abstract string? Span { get; }

    /// <summary>Enters the gate ahead of every queued motion (stops and the safe state).</summary>
    public virtual bool HasPriority => false;

    /// <summary>Supersedes, on arrival, every motion still waiting in the gate.</summary>
    public virtual bool StopsOnArrival => false;

    /// <summary>Counts against <c>Control:MaxCommandsPerSecond</c>.</summary>
    public virtual bool IsRateLimited => true;

    /// <summary>Refused while the emergency stop is latched (on arrival and again inside the gate).</summary>
    public virtual bool IsMotion => false;

    /// <summary>Dropped if a stop took effect while it waited in the gate.</summary>
    public virtual bool IsSupersededByStop => false;

    /// <summary>Needs only connected, opened pins: runs even while the safe state owed after a reconnect is pending.</summary>
    public virtual bool IsStop => false;

    /// <summary>When the sender stops wanting this command applied (<c>X-Command-Deadline</c>); stops ignore it.</summary>
    public CommandDeadline? Deadline { get; set; }

    /// <summary>Who sent it (the api's caller); null for commands the api makes itself (deadman, safe state, reconnect).</summary>
    public string? User { get; set; }

    /// <summary>The sender's role, for its speed cap; null for a caller with every role (and the api itself).</summary>
    public string? Role { get; set; }

    /// <summary>What the safety envelope made of the motion, set in the gate before the write; default: as asked.</summary>
    public EnvelopeDecision Envelope { get; set; }

    /// <summary>
    /// Claims the robot for its user, and is refused while another user holds it (<see cref="Control.ControlClaims"/>):
    /// every motion, and the eye. Stops never ask.
    /// </summary>
    public virtual bool NeedsClaim => IsMotion;

    /// <summary>
    /// Renews its user's claim only while the robot moves (a heartbeat keeps a motion alive; with none, it says
    /// nothing about the user being at the controls, and the claim ages out as if they were idle).
    /// </summary>
    public virtual bool RenewsClaimOnlyWhileMoving => false;

    /// <summary>What the command asked for, as the audit trail records it; null for nothing beyond the action.</summary>
    public virtual IReadOnlyDictionary<string, string>? AuditParameters => null;

    /// <summary>Whether an accepted command goes in the audit trail (a refused one always does).</summary>
    public virtual bool AuditsAcceptance => true;

    /// <summary>The stop epoch the pipeline saw when this command arrived.</summary>
    public long ArrivalEpoch { get; set; }

    /// <summary>Adds the command's own attributes to its span.</summary>
    public virtual void Tag(Activity activity)
    {
    }

    /// <summary>
    /// The motion the safety envelope checks (in the gate, before the write): false for a command that does not move
    /// the wheels. Stops never do, so the envelope never refuses one.
    /// </summary>
    public virtual bool Intends(RobotContext robot, out MotionIntent intent)
    {
        intent = default;
        return false;
    }

    /// <summary>
    /// Runs first inside the gate, before admission: false leaves the command with nothing to do (no outcome, no
    /// publish). May throw (the reconnect command opening the pins); the pipeline lets that through.
    /// </summary>
    public virtual bool Enter(RobotContext robot) => true;

    /// <summary>The <c>gpio.pins</c> tag of the command's write; null when it writes no pins.</summary>
    public virtual string? Pins(CommandScope scope) => null;

    /// <summary>
    /// The pin writes, timed as one <c>gpio.write</c>, once admitted in the gate: a command may read the state here
    /// (a drive's kept speed). Throwing means they did not take effect.
    /// </summary>
    public virtual void Write(CommandScope scope)
    {
    }

    /// <summary>Records what the written command changed: state, lease, blink, metrics.</summary>
    public abstract void Commit(CommandScope scope);

    /// <summary>Whether an accepted command publishes the robot's state (steps its version).</summary>
    public virtual bool Publishes => true;
}
