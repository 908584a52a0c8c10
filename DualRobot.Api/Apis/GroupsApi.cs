using System.Globalization;
using DualRobot.Api.Groups;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots.Motion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Api.Apis;

/// <summary>
/// Robot groups: one command for every member (all accepted or none), in a mode, under one lease. The bodies are the
/// robots' own with a <c>mode</c>, bound and checked as theirs are.
/// </summary>
public static class GroupsApi
{
    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var reads = app.MapGroup("/groups").WithTags("Groups");

        reads.MapGet("/", (HttpContext context) => TypedResults.Ok(Groups(context).All.Select(g => g.GetState()).ToList()))
            .WithName("ListGroups")
            .WithSummary("Every group this api instance serves ('all' first), with its members' states.");

        reads.MapGet("/{group}", Results<Ok<GroupState>, ProblemHttpResult> (string group, HttpContext context) =>
                Groups(context).TryGet(group, out var found) ? TypedResults.Ok(found.GetState()) : GroupRoute.NotFound(group))
            .WithName("GetGroup")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One group: its members, its mode and lease, and every member's state.");

        var commands = app.MapGroup("/groups/{group}")
            .WithTags("Groups")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(OperatorPolicies.Operate)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RequestProblems.MaxBodyBytes))
            .ResolvesGroup()
            .ValidatesBodies();

        commands.MapPost("/velocity", Velocity)
            .WithName("GroupVelocity")
            .WithSummary("Every member with a velocity, in a mode (together, mirror, follow), for the group's lease; all or none.")
            .ReadsDeadline();

        commands.MapPost("/drive", Drive)
            .WithName("GroupDrive")
            .WithSummary("Every member in a direction, in a mode, for the group's lease; all or none. A stop stops every member.")
            .ReadsDeadline();

        commands.MapPost("/heartbeat", Heartbeat)
            .WithName("GroupHeartbeat")
            .WithSummary("Renew the group's lease on every member, or on none.")
            .ReadsDeadline();

        return app;
    }

    private static RobotGroups Groups(HttpContext context) => context.RequestServices.GetRequiredService<RobotGroups>();

    internal static async Task<Results<Ok<GroupState>, ValidationProblem, ProblemHttpResult>> Velocity(
        GroupVelocityRequest body, HttpContext context, LeaseLimits leases)
    {
        var group = context.Group();
        var mode = body.Mode ?? GroupMode.Together;
        if (ModeProblem(group, mode) is { } problem)
        {
            return problem;
        }

        var velocity = body.ToVelocity();
        var sides = velocity.IsTwist ? SideValues.Mix(velocity.Linear!.Value, velocity.Angular!.Value) : new SideValues(velocity.Left!.Value, velocity.Right!.Value);
        (double, double)? twist = velocity.IsTwist ? (velocity.Linear!.Value, velocity.Angular!.Value) : null;
        var lease = leases.Lease(body.LeaseMs);
        var parameters = velocity.IsTwist
            ? new Dictionary<string, string> { ["linear"] = Text(velocity.Linear!.Value), ["angular"] = Text(velocity.Angular!.Value) }
            : new Dictionary<string, string> { ["left"] = Text(velocity.Left!.Value), ["right"] = Text(velocity.Right!.Value) };
        return await MoveAsync(context, group, new GroupMove(RobotActions.GroupVelocity, mode, lease, body.OffsetMeters ?? group.FollowOffsetMeters,
            sides, member => GroupModes.Velocity(mode, member, sides, twist, lease), parameters, null, null, null));
    }

    internal static async Task<Results<Ok<GroupState>, ValidationProblem, ProblemHttpResult>> Drive(
        GroupDriveRequest body, HttpContext context, LeaseLimits leases)
    {
        var group = context.Group();
        if (body.IsStop)
        {
            return Answer(context, group, await group.StopAsync(context.User.UserName()));
        }

        var mode = body.Mode ?? GroupMode.Together;
        if (ModeProblem(group, mode) is { } problem)
        {
            return problem;
        }

        if (body.Speed is { } speed && speed != 1 && group.Members.FirstOrDefault(m => !m.Options.HasSpeedControl) is { } fullSpeedOnly)
        {
            return RequestProblems.Invalid("speed", $"Robot '{fullSpeedOnly.Name}' has no enable (PWM) pins; it only drives at full speed.");
        }

        var direction = body.Direction!.Value;
        var lease = leases.Lease(body.LeaseMs);
        var leaderSides = SideValues.Preset(direction, body.Speed ?? group.Members[0].GetState().Speed ?? 1);
        var parameters = new Dictionary<string, string> { ["direction"] = WireNames.Of(direction) };
        if (body.Speed is { } asked)
        {
            parameters["speed"] = Text(asked);
        }

        return await MoveAsync(context, group, new GroupMove(RobotActions.GroupDrive, mode, lease, body.OffsetMeters ?? group.FollowOffsetMeters, leaderSides,
            member => GroupModes.Drive(mode, member, direction, group.Members[member].Options.HasSpeedControl ? body.Speed : null, lease),
            parameters, null, null, null));
    }

    internal static async Task<Results<Ok<GroupState>, ValidationProblem, ProblemHttpResult>> Heartbeat(
        HeartbeatRequest? body, HttpContext context, LeaseLimits leases)
    {
        var group = context.Group();
        return Answer(context, group, await group.HeartbeatAsync(
            leases.Lease(body?.LeaseMs), context.User.UserName(), OperatorRoles.Of(context.User), context.Deadline()));
    }

    private static async Task<Results<Ok<GroupState>, ValidationProblem, ProblemHttpResult>> MoveAsync(HttpContext context, RobotGroup group, GroupMove move)
    {
        var lease = (int)move.Lease.TotalMilliseconds;
        var parameters = new Dictionary<string, string>(move.Parameters) { ["leaseMs"] = Text(lease) };
        if (move.Mode == GroupMode.Follow)
        {
            parameters["offsetMeters"] = Text(move.OffsetMeters);
        }

        return Answer(context, group, await group.MoveAsync(move with
        {
            Parameters = parameters,
            User = context.User.UserName(),
            Role = OperatorRoles.Of(context.User),
            Deadline = context.Deadline(),
        }));
    }

    /// <summary>The group's state, or the refusing member's problem, as a robot would have answered, naming the group and member.</summary>
    private static Results<Ok<GroupState>, ValidationProblem, ProblemHttpResult> Answer(HttpContext context, RobotGroup group, GroupOutcome outcome)
    {
        if (outcome.Refusal is not { } refusal)
        {
            return TypedResults.Ok(group.GetState());
        }

        var problem = (ProblemHttpResult)refusal.ToHttp(context).Result;
        problem.ProblemDetails.Detail = $"Group '{group.Name}' did not move: robot '{outcome.Member}' refused. {refusal.Detail}";
        problem.ProblemDetails.Extensions["group"] = group.Name;
        problem.ProblemDetails.Extensions["member"] = outcome.Member;
        return problem;
    }

    private static ValidationProblem? ModeProblem(RobotGroup group, GroupMode mode) =>
        mode != GroupMode.Together && group.Members.Count < 2
            ? RequestProblems.Invalid("mode", $"Group '{group.Name}' has one member; {WireNames.Of(mode)} needs at least two.")
            : null;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
