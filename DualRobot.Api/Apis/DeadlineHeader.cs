using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Api.Apis;

/// <summary>
/// Reads <c>X-Command-Deadline</c> of an actuating request once, before its handler: a malformed one is a 400 naming
/// the header; a valid one is the command's deadline (<see cref="Deadline"/>). A stop does not read it at all: it is
/// never stale, so not even a malformed deadline can hold it up.
/// </summary>
internal static class DeadlineHeader
{
    public static RouteHandlerBuilder ReadsDeadline(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter((context, next) =>
    {
        if (context.Arguments.Any(argument => argument is DriveRequest { IsStop: true } or GroupDriveRequest { IsStop: true }))
        {
            return next(context);
        }

        if (Read(context.HttpContext.Request, out var deadline) is { } malformed)
        {
            return ValueTask.FromResult<object?>(malformed);
        }

        context.HttpContext.Features.Set(new DeadlineFeature(deadline));
        return next(context);
    });

    /// <summary>The deadline the filter read; null when the request gave none (or is a stop).</summary>
    public static CommandDeadline? Deadline(this HttpContext context) => context.Features.Get<DeadlineFeature>()?.Deadline;

    /// <summary>Null when the header is absent or valid (then in <paramref name="deadline"/>), else a 400 naming it.</summary>
    private static ValidationProblem? Read(HttpRequest request, out CommandDeadline? deadline)
    {
        deadline = null;
        var values = request.Headers[CommandDeadline.HeaderName];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 || !CommandDeadline.TryParse(values[0], out var parsed))
        {
            return RequestProblems.Invalid(CommandDeadline.HeaderName,
                "Must be one RFC 3339 UTC time with its zone, such as 2026-11-30T00:12:34.567Z.");
        }

        deadline = parsed;
        return null;
    }

    private sealed record DeadlineFeature(CommandDeadline? Deadline);
}
