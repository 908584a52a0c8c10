using System.Diagnostics;
using DualRobot.Api.Control;
using DualRobot.Api.Robots.Commands;

namespace DualRobot.Api.Groups;

/// <summary>
/// Runs one command on every member of a group, all accepted or none. The stages are a robot's
/// (<see cref="CommandPipeline"/>), each taken for every member before the next: nobody else holds any member
/// (checked without claiming), then arrival (claim, e-stop, rate, deadline), then every member's gate — entered in
/// name order, so two groups sharing robots never wait on each other — then admission in the gates (deadline, e-stop,
/// a stop meanwhile, readiness, the safety envelope). Only then are pins written, each member's under its own gate;
/// the first refusal refuses the whole command, naming the member, with no pin written on any. A write that fails
/// once others were written stops those (still in their gates) and answers like the failed member.
/// </summary>
internal static class GroupCommandRun
{
    public static async Task<GroupOutcome> RunAsync(IReadOnlyList<MemberCommand> parts)
    {
        StartSpans(parts);
        try
        {
            foreach (var check in new Func<MemberCommand, CommandResult?>[] { ClaimRefusal, ArrivalRefusal })
            {
                foreach (var part in parts)
                {
                    if (check(part) is { } refused)
                    {
                        return GroupOutcome.Refused(part.Robot.Name, refused);
                    }
                }
            }

            return await InGatesAsync(parts);
        }
        finally
        {
            foreach (var part in parts)
            {
                part.Activity?.Dispose();
            }
        }
    }

    private static async Task<GroupOutcome> InGatesAsync(IReadOnlyList<MemberCommand> parts)
    {
        var ordered = parts.OrderBy(p => p.Robot.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        var entered = 0;
        try
        {
            foreach (var part in ordered)
            {
                await part.Pipeline.EnterGateAsync(part.Command);
                entered++;
            }

            foreach (var part in parts)
            {
                if (part.Pipeline.AdmitInGate(part.Command) is { } late)
                {
                    return GroupOutcome.Refused(part.Robot.Name, part.Pipeline.Refuse(part.Command, late, part.Activity));
                }
            }

            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i].Pipeline.Write(parts[i].Command, parts[i].Activity) is { } failed)
                {
                    foreach (var written in parts.Take(i))
                    {
                        StopWritten(written);
                    }

                    return GroupOutcome.Refused(parts[i].Robot.Name, failed);
                }
            }

            var states = parts.Select(p => p.Pipeline.Commit(p.Command, p.Activity).State).ToList();
            return new GroupOutcome(states, parts.Select(p => p.Robot.StopEpoch).ToList());
        }
        finally
        {
            for (var i = 0; i < entered; i++)
            {
                ordered[i].Pipeline.ExitGate();
            }
        }
    }

    private static CommandResult? ClaimRefusal(MemberCommand part) =>
        part.Pipeline.CheckClaim(part.Command) is { } refusal ? part.Pipeline.Refuse(part.Command, refusal, part.Activity) : null;

    private static CommandResult? ArrivalRefusal(MemberCommand part) =>
        part.Pipeline.AdmitOnArrival(part.Command) is { } refusal ? part.Pipeline.Refuse(part.Command, refusal, part.Activity) : null;

    /// <summary>A member written before another's write failed: stopped at once, in the gate it still holds.</summary>
    private static void StopWritten(MemberCommand part)
    {
        var stop = new StopCommand { User = part.Command.User };
        stop.Enter(part.Pipeline.Robot);
        if (part.Pipeline.Write(stop, part.Activity) is null)
        {
            part.Pipeline.Commit(stop, part.Activity);
        }
    }

    /// <summary>Each member's span is a sibling under the caller's (the request's), not a child of the member before.</summary>
    private static void StartSpans(IReadOnlyList<MemberCommand> parts)
    {
        var parent = Activity.Current;
        foreach (var part in parts)
        {
            part.Activity = part.Pipeline.Robot.Instrumentation.StartCommand(part.Command);
            Activity.Current = parent;
        }
    }
}
