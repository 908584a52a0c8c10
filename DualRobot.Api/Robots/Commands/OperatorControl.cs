using DualRobot.Api.Audit;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Commands.Admission;

namespace DualRobot.Api.Robots.Commands;

/// <summary>
/// The users around one robot's pipeline: the control claim as an admission rule (on arrival, before anything
/// queues), the driver in the state once a command took effect, and one audit record per outcome.
/// </summary>
internal sealed class OperatorControl(string robot, RobotStateStore state, ControlClaims claims, AuditTrail? audit) : IAdmissionRule
{
    public CommandRefusal? Check(RobotCommand command, AdmissionStage stage) =>
        stage == AdmissionStage.Arrival ? Claim(command, renew: !command.RenewsClaimOnlyWhileMoving || state.IsMoving) : null;

    /// <summary>Whether another user holds the robot, leaving the claim as it is.</summary>
    public CommandRefusal? CheckWithoutClaiming(RobotCommand command) => Claim(command, renew: false);

    private CommandRefusal? Claim(RobotCommand command, bool renew)
    {
        if (!command.NeedsClaim || command.User is not { } user || claims.TryClaim(robot, user, renew) is not { } holder)
        {
            return null;
        }

        return new CommandRefusal(CommandStatus.InUse, CommandOutcomes.InUse,
            $"Robot '{robot}' is in use by {holder.User} (since {holder.Since:HH:mm:ss} UTC); take control to drive it.", holder.User);
    }

    /// <summary>Applied: a claimed command makes its user the driver, and the state that is about to be published says so.</summary>
    public void Committed(RobotCommand command)
    {
        if (command.NeedsClaim && command.User is { } user && claims.Holder(robot) is { } claim && claim.IsHeldBy(user))
        {
            state.SetDriver(claim.User, claim.Since);
        }
    }

    public void Record(RobotCommand command, CommandResult result)
    {
        if (audit is null || command.User is not { } user || command.Action is not { } action
            || (result.IsAccepted && !command.AuditsAcceptance))
        {
            return;
        }

        audit.Record(user, robot, action, command.AuditParameters, Outcome(result.Status), result.IsAccepted ? null : result.Detail);
    }

    /// <summary>
    /// Moves the claim to <paramref name="user"/> (refused while another user drives, unless
    /// <paramref name="immediate"/>), makes them the driver, then stops the robot with <paramref name="stop"/>: the stop
    /// supersedes every motion still queued and publishes the state that tells the previous driver's console.
    /// </summary>
    public async Task<CommandResult> TakeControlAsync(string user, bool immediate, Func<Task<CommandResult>> stop)
    {
        var takeOver = claims.TakeOver(robot, user, immediate);
        var parameters = new Dictionary<string, string>
        {
            ["from"] = takeOver.Holder?.User ?? "",
            ["immediate"] = immediate ? "true" : "false",
        };
        if (!takeOver.Granted)
        {
            var holder = takeOver.Holder!;
            var detail = $"{holder.User} is driving robot '{robot}'; only a supervisor can take control while they drive. "
                + "Try again once they pause.";
            audit?.Record(user, robot, RobotActions.TakeControl, parameters, CommandOutcomes.InUse, detail);
            return new CommandResult(CommandStatus.InUse, state.AdvanceAndSnapshot(), detail, holder.User);
        }

        var claim = claims.Holder(robot);
        state.SetDriver(user, claim?.Since ?? DateTimeOffset.UtcNow);
        var stopped = await stop();
        if (!stopped.IsAccepted)
        {
            // The claim moved all the same; say so to every console even though the stop could not be written.
            state.Publish();
        }

        audit?.Record(user, robot, RobotActions.TakeControl, parameters, Outcome(stopped.Status), stopped.IsAccepted ? null : stopped.Detail);
        return stopped with { State = state.AdvanceAndSnapshot() };
    }

    /// <summary>Gives up the user's claim (the driver stays shown: they moved it last).</summary>
    public bool ReleaseControl(string user)
    {
        var released = claims.Release(robot, user);
        audit?.Record(user, robot, RobotActions.ReleaseControl, null, released ? CommandOutcomes.Accepted : "not_held");
        return released;
    }

    internal static string Outcome(CommandStatus status) => status switch
    {
        CommandStatus.Accepted => CommandOutcomes.Accepted,
        CommandStatus.Unavailable => CommandOutcomes.Unavailable,
        CommandStatus.EmergencyStopped => CommandOutcomes.EmergencyStopped,
        CommandStatus.RateLimited => CommandOutcomes.RateLimited,
        CommandStatus.Superseded => CommandOutcomes.Superseded,
        CommandStatus.InUse => CommandOutcomes.InUse,
        CommandStatus.KeepOut => CommandOutcomes.KeepOut,
        CommandStatus.SpeedLimited => CommandOutcomes.SpeedLimited,
        _ => status.ToString().ToLowerInvariant(),
    };
}
