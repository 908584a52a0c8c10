using System.Globalization;
using System.Net.ServerSentEvents;
using DualRobot.Api.Audit;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots;
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

        audit.MapGet("/events", StreamEvents)
            .WithName("AuditEvents")
            .WithSummary("Server-Sent Events (event: audit): the newest records on connect (limit, default 50, overall and per robot), "
                + "then every record as it is written; a record of counted refusals comes again, same id, whenever its count grew.");

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

    /// <summary>How many of the newest records <c>/audit/events</c> sends first, overall and for each robot.</summary>
    public const int EventsBacklog = 50;

    private static Results<ServerSentEventsResult<AuditRecord>, ValidationProblem> StreamEvents(
        string? limit, AuditTrail trail, AuditFeed feed, RobotFleet fleet, IHostApplicationLifetime lifetime, HttpContext context)
    {
        var count = EventsBacklog;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AuditQuery.MaxLimit))
        {
            return RequestProblems.Invalid("limit", $"Must be a whole number from 1 to {AuditQuery.MaxLimit}.");
        }

        // Ends with the client or the app: an open console never holds up shutdown.
        var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(ended);
        var events = feed.SubscribeAsync(() => Backlog(trail.Store, fleet, count), ended.Token);
        return TypedResults.ServerSentEvents(events, Contract.StreamEvents.Audit);
    }

    /// <summary>The newest records overall and of each robot, oldest first, each once.</summary>
    private static IEnumerable<AuditRecord> Backlog(AuditStore store, RobotFleet fleet, int count) =>
        fleet.Robots.Select(robot => robot.Name).Prepend(null)
            .SelectMany(robot => store.Query(new AuditQuery(robot, null, null, count)))
            .DistinctBy(record => record.Id)
            .OrderBy(record => record.Id);

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
