using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// The api's answer to a command, kept verbatim so the browser sees the api's own status and problem details; or the
/// console's own refusal (<see cref="FromConsole"/>), when the command never left it.
/// </summary>
public sealed record ApiResponse(int StatusCode, string ContentType, string Body, string? RetryAfter, bool FromConsole = false)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The answer passed on to the browser as it is: its status, content type and body.</summary>
    public ContentHttpResult ToContent() => TypedResults.Content(Body, ContentType, statusCode: StatusCode);

    /// <summary>The user may not send this command: 401 when nobody is signed in, else 403.</summary>
    public static ApiResponse NotAllowed(bool signedIn) => signedIn
        ? Problem(StatusCodes.Status403Forbidden, new { type = ProblemTypes.Forbidden, title = "Forbidden", status = 403, detail = "Your role may not do this." })
        : Problem(StatusCodes.Status401Unauthorized, new { type = ProblemTypes.Unauthorized, title = "Unauthorized", status = 401, detail = "Sign in first." });

    /// <summary>The socket's session was signed out or ran out: nothing more is sent on it.</summary>
    public static ApiResponse SessionEnded() =>
        Problem(StatusCodes.Status401Unauthorized, new { type = ProblemTypes.SessionEnded, title = "Session ended", status = 401, detail = "Sign in again." });

    /// <summary>
    /// A motion still waiting on the command socket when a stop for its robot (or the e-stop) came after it: never
    /// sent, answered as the api answers a motion a stop overtook in its own queue.
    /// </summary>
    public static ApiResponse Superseded() => Problem(StatusCodes.Status409Conflict, new
    {
        type = ProblemTypes.Superseded,
        title = "Superseded by a stop",
        status = StatusCodes.Status409Conflict,
        detail = "A stop sent after this command on the command socket went first; this command was not sent.",
    });

    /// <summary>Stands in for the api when it cannot be reached at all.</summary>
    public static ApiResponse Unreachable(string reason) => Problem(StatusCodes.Status503ServiceUnavailable, new
    {
        type = ProblemTypes.ApiUnreachable,
        title = "Control API unreachable",
        status = StatusCodes.Status503ServiceUnavailable,
        detail = reason,
    });

    /// <summary>The command reached the console after the page had given up on it: not sent, as the api refuses a stale one.</summary>
    public static ApiResponse ArrivedLate(CommandDeadline deadline) => Problem(StatusCodes.Status409Conflict, new
    {
        type = ProblemTypes.StaleCommand,
        title = "Stale command",
        status = StatusCodes.Status409Conflict,
        detail = $"The command reached the console after {deadline}, when the page had given up on it; it was not sent.",
    });

    /// <summary>No api instance drives a robot of this name (every instance is reachable): the api's own 404.</summary>
    public static ApiResponse RobotNotFound(string robot) => Problem(StatusCodes.Status404NotFound, new
    {
        type = ProblemTypes.RobotNotFound,
        title = "Robot not found",
        status = StatusCodes.Status404NotFound,
        detail = $"No robot is named '{(robot.Length <= 64 ? robot : robot[..64] + "…")}'.",
    });

    /// <summary>A request the console refuses itself: 400 naming the field, shaped as <c>/control</c>'s validation problems.</summary>
    public static ApiResponse Invalid(string field, string message) => Problem(StatusCodes.Status400BadRequest, new
    {
        type = ProblemTypes.Validation,
        title = "One or more validation errors occurred.",
        status = StatusCodes.Status400BadRequest,
        detail = $"{field}: {message}",
        errors = new Dictionary<string, string[]> { [field] = [message] },
    });

    internal static ApiResponse Problem(int status, object problem) =>
        new(status, "application/problem+json", JsonSerializer.Serialize(problem), null, FromConsole: true);

    /// <summary>"Title: detail" from a problem body, for the no-JavaScript page's status line.</summary>
    public string Describe()
    {
        if (IsSuccess)
        {
            return "Done.";
        }

        try
        {
            using var document = JsonDocument.Parse(Body);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                detail = string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(v => $"{e.Name}: {v.GetString()}")));
            }

            return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } text
                ? text
                : $"Refused ({StatusCode}).";
        }
        catch (JsonException)
        {
            return $"Refused ({StatusCode}).";
        }
    }
}
