using System.Globalization;
using DualRobot.Api.Operators;
using DualRobot.Api.Recording;
using DualRobot.Api.Recording.Mcap;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Api.Apis;

public static class RecordingsApi
{
    public const string IdParameter = "id";

    public static IEndpointRouteBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        var recordings = app.MapGroup("/recordings")
            .WithTags("Recordings")
            .RequireAuthorization()
            .DisableAntiforgery();

        recordings.MapGet("/", List)
            .WithName("GetRecordings")
            .WithSummary("Recorded sessions (a span of motion of one robot under one driver) overlapping from..to, newest first.");

        recordings.MapGet("/{id}", Get)
            .WithName("GetRecording")
            .WithSummary("A session and its states and events in time order, streamed as they are read.");

        recordings.MapGet("/{id}.mcap", Export)
            .WithName("ExportRecording")
            .WithSummary("A session as an MCAP file (JSON channels with Foxglove's schemas), streamed as it is written.");

        return app;
    }

    internal static Results<Ok<IReadOnlyList<RecordingSession>>, ValidationProblem> List(
        string? robot, string? from, string? to, string? limit, RecordingReader reader)
    {
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(robot) && OperatorIdentity.Invalid(robot) is { } robotProblem)
        {
            errors["robot"] = [robotProblem];
        }

        var start = Time(from, "from", errors);
        var end = Time(to, "to", errors);
        if (start is { } s && end is { } e && e < s)
        {
            errors["to"] = ["Must not be before from."];
        }

        var count = RecordingQuery.DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > RecordingQuery.MaxLimit))
        {
            errors["limit"] = [$"Must be a whole number from 1 to {RecordingQuery.MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return RequestProblems.Invalid(errors);
        }

        return TypedResults.Ok(reader.Sessions(new RecordingQuery(string.IsNullOrEmpty(robot) ? null : robot, start, end, count)));
    }

    internal static Results<Ok<RecordingDocument>, ProblemHttpResult, ValidationProblem> Get(
        string id, RecordingReader reader, CancellationToken cancellationToken)
    {
        if (Find(id, reader) is not { } found)
        {
            return Problem(id);
        }

        if (found.Session is not { } session)
        {
            return NotFound(found.Id);
        }

        return TypedResults.Ok(new RecordingDocument(session, reader.EntriesAsync(session, cancellationToken)));
    }

    internal static Results<PushStreamHttpResult, ProblemHttpResult, ValidationProblem> Export(
        string id, RecordingReader reader, CancellationToken cancellationToken)
    {
        if (Find(id, reader) is not { } found)
        {
            return Problem(id);
        }

        if (found.Session is not { } session)
        {
            return NotFound(found.Id);
        }

        return TypedResults.Stream(
            body => RecordingMcapExport.WriteAsync(body, session, reader.EntriesAsync(session, cancellationToken), cancellationToken),
            RecordingMcapExport.ContentType,
            $"{session.Robot}-{session.Start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{session.Id}.mcap");
    }

    /// <summary>Null when <paramref name="id"/> is no session id at all (a 400); else the id and its session, if it still exists.</summary>
    private static (long Id, RecordingSession? Session)? Find(string id, RecordingReader reader) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? (number, reader.Session(number))
            : null;

    private static ValidationProblem Problem(string id) =>
        RequestProblems.Invalid(IdParameter, "Must be a session id: a whole number from 1, as GET /recordings lists them.");

    // As for an unknown robot: application/problem+json, and the field named like a 400's.
    private static ProblemHttpResult NotFound(long id) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Recording not found",
        Detail = $"id: No session {id} is recorded (retention may have deleted it).",
        Type = ProblemTypes.RecordingNotFound,
        Extensions = { ["errors"] = new Dictionary<string, string[]> { [IdParameter] = [$"No session {id} is recorded."] } },
    });

    private static DateTimeOffset? Time(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors[field] = ["Must be a date and time in ISO 8601, e.g. 2026-01-31T12:00:00Z."];
        return null;
    }
}

/// <summary>A session with its entries, which are read from the store while the response is written.</summary>
public sealed record RecordingDocument(RecordingSession Session, IAsyncEnumerable<RecordingEntry> Entries);
