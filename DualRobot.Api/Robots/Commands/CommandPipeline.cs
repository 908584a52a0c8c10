using System.Diagnostics;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Commands.Admission;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// The one way a command reaches a robot's pins: span → admission on arrival → the gate (one at a time, stops
/// first) → admission again → pin write → state, lease, metrics → publish. Every outcome is counted and tagged by
/// <see cref="RobotInstrumentation"/>; nothing is written for a refused command. A group command takes the same
/// stages one at a time for every member (<see cref="Groups.GroupCommandRun"/>), so all are admitted before any writes.
/// </summary>
/// <param name="operators">Who holds the robot, and the audit trail; null where nobody is tracked (some tests).</param>
internal sealed class CommandPipeline(RobotContext robot, IReadOnlyList<IAdmissionRule> rules, OperatorControl? operators = null)
{
    public RobotContext Robot => robot;

    /// <param name="audits">False for a member's part of a group command: the group keeps one record of it.</param>
    public async Task<CommandResult> RunAsync(RobotCommand command, bool audits = true)
    {
        using var activity = robot.Instrumentation.StartCommand(command);
        var result = Admit(command, AdmissionStage.Arrival) is { } refused
            ? Refuse(command, refused, activity)
            : await EnterAsync(command, activity);

        // Every command's outcome passes here exactly once, counted and tagged already.
        if (audits)
        {
            operators?.Record(command, result);
        }

        return result;
    }

    /// <summary>The claim alone, without taking it: a group asks every member before any member's claim moves.</summary>
    public CommandRefusal? CheckClaim(RobotCommand command) => operators?.CheckWithoutClaiming(command);

    /// <summary>The rules of a command's arrival (the claim taken, the rate counted).</summary>
    public CommandRefusal? AdmitOnArrival(RobotCommand command) => Admit(command, AdmissionStage.Arrival);

    /// <summary>Queues at the gate as <see cref="RunAsync"/> does; the caller holds it until <see cref="ExitGate"/>.</summary>
    public Task EnterGateAsync(RobotCommand command)
    {
        command.ArrivalEpoch = command.StopsOnArrival ? robot.StopEpoch.Bump() : robot.StopEpoch.Current;
        return robot.Gate.EnterAsync(command.HasPriority);
    }

    public void ExitGate() => robot.Gate.Exit();

    /// <summary>In the gate: what changed while the command waited (stale, e-stop, stop, readiness, envelope).</summary>
    public CommandRefusal? AdmitInGate(RobotCommand command) => command.Enter(robot) ? Admit(command, AdmissionStage.InGate) : null;

    private Task<CommandResult> EnterAsync(RobotCommand command, Activity? activity)
    {
        command.ArrivalEpoch = command.StopsOnArrival ? robot.StopEpoch.Bump() : robot.StopEpoch.Current;
        return robot.Gate.RunAsync(command.HasPriority, () => Apply(command, activity));
    }

    private CommandResult Apply(RobotCommand command, Activity? activity)
    {
        if (!command.Enter(robot))
        {
            return new CommandResult(CommandStatus.Accepted, robot.State.AdvanceAndSnapshot());
        }

        if (Admit(command, AdmissionStage.InGate) is { } late)
        {
            return Refuse(command, late, activity);
        }

        return Write(command, activity) ?? Commit(command, activity);
    }

    /// <summary>In the gate, once admitted: the pin write; null when it took effect, else the refusal it became.</summary>
    public CommandResult? Write(RobotCommand command, Activity? activity)
    {
        // Admitted in the gate means ready, and ready means the devices are open.
        var scope = new CommandScope(robot, robot.Devices!, activity);
        if (command.Pins(scope) is not { } pins)
        {
            return null;
        }

        using var timing = robot.Instrumentation.TimeWrite(pins);
        try
        {
            command.Write(scope);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the backend threw (link lost, timeout, daemon error), the command did not take effect.
            timing.Failed(ex, activity);
            robot.Instrumentation.WriteFailed(ex.Message);
            return Refuse(command, new CommandRefusal(CommandStatus.Unavailable, CommandOutcomes.Unavailable,
                $"The {robot.Backend.Kind} backend of robot '{robot.Name}' failed: {ex.Message}"), activity);
        }
    }

    /// <summary>In the gate, once written: state, lease, driver, metrics; the published state is the answer.</summary>
    public CommandResult Commit(RobotCommand command, Activity? activity)
    {
        command.Commit(new CommandScope(robot, robot.Devices!, activity));
        operators?.Committed(command);
        robot.Instrumentation.Accepted(command, activity);

        // The state the command published is its answer: one snapshot, not a second one right after.
        return new CommandResult(CommandStatus.Accepted, command.Publishes ? robot.State.Publish() : robot.State.AdvanceAndSnapshot());
    }

    private CommandRefusal? Admit(RobotCommand command, AdmissionStage stage)
    {
        foreach (var rule in rules)
        {
            if (rule.Check(command, stage) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    public CommandResult Refuse(RobotCommand command, CommandRefusal refusal, Activity? activity)
    {
        robot.Instrumentation.Refused(command, refusal, activity);
        return new CommandResult(refusal.Status, robot.State.AdvanceAndSnapshot(), refusal.Detail, refusal.Holder, refusal.Zone);
    }
}
