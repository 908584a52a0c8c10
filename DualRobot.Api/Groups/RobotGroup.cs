using System.Globalization;
using DualRobot.Api.Audit;
using DualRobot.Api.Control;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Motion;

namespace DualRobot.Api.Groups;

/// <summary>
/// Robots that move as one: one command for every member, all accepted or none (<see cref="GroupCommandRun"/>), in a
/// mode (<see cref="GroupMode"/>), under one lease renewed by one heartbeat. When the lease ends, or a member is
/// stopped by anyone, every member is stopped. One audit record per command, naming the members.
/// </summary>
internal sealed class RobotGroup : IDisposable
{
    private readonly Lock _sync = new();
    private readonly DeadmanLease _lease;
    private readonly TimeProvider _time;
    private readonly TimeSpan _poseInterval;
    private readonly AuditTrail? _audit;
    private readonly ILogger _logger;
    private GroupMotion? _motion;

    public RobotGroup(string name, IReadOnlyList<Robot> members, double followOffsetMeters, TimeProvider time, TimeSpan poseInterval, AuditTrail? audit, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        Name = name;
        Members = members;
        FollowOffsetMeters = followOffsetMeters;
        _time = time;
        _poseInterval = poseInterval;
        _audit = audit;
        _logger = logger;
        _lease = new DeadmanLease(time, OnLeaseTimerAsync);
    }

    public string Name { get; }

    /// <summary>In configuration order: the first leads.</summary>
    public IReadOnlyList<Robot> Members { get; }

    public double FollowOffsetMeters { get; }

    public GroupState GetState()
    {
        var motion = Volatile.Read(ref _motion);
        var states = Members.Select(m => m.GetState()).ToList();
        return new GroupState(Name, [.. Members.Select(m => m.Name)], motion?.Mode, _lease.RemainingMs,
            motion?.Mode == GroupMode.Follow ? motion.OffsetMeters : null, states.Any(s => s.Estimated), states);
    }

    /// <summary>Every member moves as <paramref name="move"/> says for its mode, or none does.</summary>
    public async Task<GroupOutcome> MoveAsync(GroupMove move)
    {
        var parts = Members.Select((member, index) => new MemberCommand(member, Stamped(
            move.CommandFor(index) ?? FirstFollowStep(index, move), move.User, move.Role, move.Deadline))).ToList();
        var outcome = await GroupCommandRun.RunAsync(parts);
        if (outcome.IsAccepted)
        {
            Begin(new GroupMotion(move.Mode, move.OffsetMeters, move.User, move.Role, outcome.StopEpochs), move.Lease);
        }

        Record(move.User, move.Action, new Dictionary<string, string>(move.Parameters) { ["mode"] = WireNames.Of(move.Mode) }, outcome);
        return outcome;
    }

    /// <summary>Renews the group's lease on every member, or on none; a member stopped meanwhile stops the group.</summary>
    public async Task<GroupOutcome> HeartbeatAsync(TimeSpan lease, string? user, string? role, CommandDeadline? deadline)
    {
        if (Volatile.Read(ref _motion) is { } motion && StoppedMember(motion) is { } stopped)
        {
            await EndAsync($"robot {stopped.Name} was stopped");
            var refusal = new CommandResult(CommandStatus.Superseded, stopped.GetState(),
                $"Robot '{stopped.Name}' was stopped; every member of group '{Name}' is stopped. Send the group's command again.");
            return Recorded(user, RobotActions.GroupHeartbeat, GroupOutcome.Refused(stopped.Name, refusal));
        }

        var outcome = await GroupCommandRun.RunAsync(
            [.. Members.Select(m => new MemberCommand(m, Stamped(new HeartbeatCommand(lease), user, role, deadline)))]);
        if (outcome.IsAccepted)
        {
            _lease.Renew(lease);
        }

        // Several a second while a button is held: only refusals are worth a record, as for a robot's heartbeat.
        return outcome.IsAccepted ? outcome : Recorded(user, RobotActions.GroupHeartbeat, outcome);
    }

    /// <summary>Stops every member: never refused, each member's stop ahead of its queued motions, all at once.</summary>
    public async Task<GroupOutcome> StopAsync(string? user)
    {
        End();
        var results = await StopMembersAsync(user);
        var refused = Array.FindIndex(results, r => !r.IsAccepted);
        var outcome = refused >= 0
            ? GroupOutcome.Refused(Members[refused].Name, results[refused])
            : new GroupOutcome([.. results.Select(r => r.State)], []);
        return Recorded(user, RobotActions.GroupStop, outcome);
    }

    private static RobotCommand Stamped(RobotCommand command, string? user, string? role, CommandDeadline? deadline)
    {
        command.User = user;
        command.Role = role;
        command.Deadline = deadline;
        return command;
    }

    /// <summary>A follower's first step, made from where both are now and what the leader is about to do.</summary>
    private FollowStepCommand FirstFollowStep(int index, GroupMove move)
    {
        var leader = Members[index - 1].GetState();
        var leaderSides = index == 1 ? move.LeaderSides : new SideValues(leader.Left, leader.Right);
        return new FollowStepCommand(Steer(index, leader.Pose, leaderSides, move.OffsetMeters), move.Lease);
    }

    private SideValues Steer(int index, Pose leader, SideValues leaderSides, double offset) =>
        FollowController.Step(leader, leaderSides, Members[index - 1].Options.Kinematics,
            Members[index].GetState().Pose, Members[index].Options.Kinematics, offset);

    private void Begin(GroupMotion motion, TimeSpan lease)
    {
        lock (_sync)
        {
            _motion?.Loop?.Dispose();
            if (motion.Mode == GroupMode.Follow)
            {
                motion.Loop = new FollowLoop(_time, _poseInterval, () => FollowAsync(motion));
            }

            _motion = motion;
            _lease.Hold(lease);
        }
    }

    /// <summary>One step of every follower, each steered to the point behind the member before it.</summary>
    private async Task FollowAsync(GroupMotion motion)
    {
        try
        {
            if (Volatile.Read(ref _motion) != motion || _lease.RemainingMs == 0)
            {
                return;
            }

            if (StoppedMember(motion) is { } stopped)
            {
                await EndAsync($"robot {stopped.Name} was stopped");
                return;
            }

            var lease = TimeSpan.FromMilliseconds(_lease.RemainingMs);
            for (var index = 1; index < Members.Count; index++)
            {
                var leader = Members[index - 1].GetState();
                var step = Stamped(new FollowStepCommand(Steer(index, leader.Pose, new SideValues(leader.Left, leader.Right), motion.OffsetMeters), lease),
                    motion.User, motion.Role, null);
                var result = await Members[index].RunAsync(step);
                if (!result.IsAccepted)
                {
                    GroupLog.FollowRefused(_logger, Name, Members[index].Name, result.Detail);
                    await EndAsync($"robot {Members[index].Name} refused to follow");
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            GroupLog.FollowFailed(_logger, ex, Name);
            await EndAsync("a follow step failed");
        }
    }

    private Robot? StoppedMember(GroupMotion motion) =>
        Members.Where((member, index) => member.StopEpoch != motion.StopEpochs[index]).FirstOrDefault();

    private async Task OnLeaseTimerAsync()
    {
        if (_lease.HasLapsed())
        {
            await EndAsync("its lease ended with no heartbeat");
        }
    }

    /// <summary>Ends the motion and stops every member, as the api (no user): the lease ran out, or a member stopped.</summary>
    private async Task EndAsync(string reason)
    {
        if (End())
        {
            GroupLog.Ended(_logger, Name, reason);
        }

        await StopMembersAsync(null);
    }

    /// <summary>No motion and no lease any more; true if there was a motion.</summary>
    private bool End()
    {
        lock (_sync)
        {
            var motion = _motion;
            motion?.Loop?.Dispose();
            _motion = null;
            _lease.Release();
            return motion is not null;
        }
    }

    private Task<CommandResult[]> StopMembersAsync(string? user) =>
        Task.WhenAll(Members.Select(m => m.Pipeline.RunAsync(new StopCommand { User = user }, audits: false)));

    private GroupOutcome Recorded(string? user, string action, GroupOutcome outcome)
    {
        Record(user, action, null, outcome);
        return outcome;
    }

    private void Record(string? user, string action, Dictionary<string, string>? parameters, GroupOutcome outcome)
    {
        if (_audit is null || user is null)
        {
            return;
        }

        parameters ??= [];
        parameters["group"] = Name;
        parameters["members"] = string.Join(",", Members.Select(m => m.Name));
        var detail = outcome.Refusal is { } refusal ? $"{outcome.Member}: {refusal.Detail}" : null;
        if (outcome.Member is { } member)
        {
            parameters["refusedBy"] = member;
        }

        _audit.Record(user, null, action, parameters,
            OperatorControl.Outcome(outcome.Refusal?.Status ?? CommandStatus.Accepted), detail);
    }

    public void Dispose()
    {
        End();
        _lease.Dispose();
    }
}
