using DualRobot.Api.Control;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Api.Apis;

/// <summary>Reads <c>X-Command-Deadline</c> from an actuating request (stops do not read it: they are never stale).</summary>
internal static class DeadlineHeader
{
    /// <summary>Null when the header is absent or valid (then in <paramref name="deadline"/>), else a 400 naming it.</summary>
    public static ValidationProblem? Read(HttpRequest request, out CommandDeadline? deadline)
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
}
