using System.Diagnostics;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Commands.Admission;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// The one way a command reaches a robot's pins: span → admission on arrival → the gate (one at a time, stops
/// first) → admission again → pin write → state, lease, metrics → publish. Every outcome is counted and tagged by
/// <see cref="RobotInstrumentation"/>; nothing is written for a refused command.
/// </summary>
/// <param name="operators">Who holds the robot, and the audit trail; null where nobody is tracked (some tests).</param>
internal sealed class CommandPipeline(RobotContext robot, IReadOnlyList<IAdmissionRule> rules, OperatorControl? operators = null)
{
    public async Task<CommandResult> RunAsync(RobotCommand command)
    {
        using var activity = robot.Instrumentation.StartCommand(command);
        var result = Admit(command, AdmissionStage.Arrival) is { } refused
            ? Refuse(command, refused, activity)
            : await EnterAsync(command, activity);

        // Every command's outcome passes here exactly once, counted and tagged already.
        operators?.Record(command, result);
        return result;
    }

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

        // Admitted in the gate means ready, and ready means the devices are open.
        var scope = new CommandScope(robot, robot.Devices!, activity);
        if (command.Pins(scope) is { } pins)
        {
            using var timing = robot.Instrumentation.TimeWrite(pins);
            try
            {
                command.Write(scope);
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

        command.Commit(scope);
        operators?.Committed(command);
        robot.Instrumentation.Accepted(command, activity);
        if (command.Publishes)
        {
            robot.State.Publish();
        }

        return new CommandResult(CommandStatus.Accepted, robot.State.AdvanceAndSnapshot());
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

    private CommandResult Refuse(RobotCommand command, CommandRefusal refusal, Activity? activity)
    {
        robot.Instrumentation.Refused(command, refusal, activity);
        return new CommandResult(refusal.Status, robot.State.AdvanceAndSnapshot(), refusal.Detail, refusal.Holder, refusal.Zone);
    }
}
