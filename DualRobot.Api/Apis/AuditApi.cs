using System.Globalization;
using DualRobot.Api.Audit;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Api.Apis;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/audit")
            .WithTags("Audit")
            .RequireAuthorization()
            .DisableAntiforgery();

        audit.MapGet("/", Query)
            .WithName("GetAudit")
            .WithSummary("Audit records, newest first: every actuation, refusal, take-over, e-stop, release, sign-in and sign-out.");

        audit.MapPost("/sign-in", (HttpContext context, AuditTrail trail) => RecordSession(context, trail, RobotActions.SignIn))
            .WithName("RecordSignIn")
            .WithSummary("Records that the user named in X-DualRobot-User signed in to the console.");

        audit.MapPost("/sign-out", (HttpContext context, AuditTrail trail) => RecordSession(context, trail, RobotActions.SignOut))
            .WithName("RecordSignOut")
            .WithSummary("Records that the user named in X-DualRobot-User signed out of the console.");

        return app;
    }

    internal static Results<Ok<IReadOnlyList<AuditRecord>>, ValidationProblem> Query(
        string? robot, string? user, string? since, string? limit, AuditTrail trail)
    {
        if (Name(robot) is { } robotProblem)
        {
            return RequestProblems.Invalid("robot", robotProblem);
        }

        if (Name(user) is { } userProblem)
        {
            return RequestProblems.Invalid("user", userProblem);
        }

        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return RequestProblems.Invalid("since", "Must be a date and time in ISO 8601, e.g. 2026-01-31T12:00:00Z.");
            }

            from = parsed;
        }

        var count = AuditQuery.DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AuditQuery.MaxLimit))
        {
            return RequestProblems.Invalid("limit", $"Must be a whole number from 1 to {AuditQuery.MaxLimit}.");
        }

        var query = new AuditQuery(NullIfEmpty(robot), NullIfEmpty(user), from, count);
        return TypedResults.Ok(trail.Store.Query(query));
    }

    private static Results<NoContent, ValidationProblem> RecordSession(HttpContext context, AuditTrail trail, string action)
    {
        var user = context.User.UserName();
        if (user == OperatorIdentity.KeyHolder)
        {
            return RequestProblems.Invalid(OperatorHeaders.User, "Required: the name of the user who signed in or out.");
        }

        trail.Record(user, null, action, null, CommandOutcomes.Accepted);
        return TypedResults.NoContent();
    }

    private static string? Name(string? value) => string.IsNullOrEmpty(value) ? null : OperatorIdentity.Invalid(value);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
