using DualRobot.Api.Control;
using DualRobot.Api.Robots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Api.Apis;

/// <summary>Turns a robot's answer into HTTP: the state on success, problem details otherwise.</summary>
internal static class CommandResults
{
    public static Results<Ok<RobotState>, ProblemHttpResult> ToHttp(this CommandResult result, HttpContext context)
    {
        if (result.IsAccepted)
        {
            return TypedResults.Ok(result.State);
        }

        var (status, title, type) = result.Status switch
        {
            CommandStatus.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Robot backend unavailable", ProblemTypes.BackendUnavailable),
            CommandStatus.EmergencyStopped => (StatusCodes.Status409Conflict, "Emergency stop latched", ProblemTypes.EmergencyStopLatched),
            CommandStatus.Superseded => (StatusCodes.Status409Conflict, "Superseded by a stop", ProblemTypes.Superseded),
            CommandStatus.Stale => (StatusCodes.Status409Conflict, "Command past its deadline", ProblemTypes.StaleCommand),
            CommandStatus.RateLimited => (StatusCodes.Status429TooManyRequests, "Too many commands", ProblemTypes.RateLimited),
            CommandStatus.InUse => (StatusCodes.Status409Conflict, "Robot in use", ProblemTypes.RobotInUse),
            CommandStatus.KeepOut => (StatusCodes.Status409Conflict, "Keep out", ProblemTypes.KeepOut),
            CommandStatus.SpeedLimited => (StatusCodes.Status409Conflict, "Over the speed limit", ProblemTypes.SpeedLimit),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected outcome", "about:blank"),
        };

        if (result.Status == CommandStatus.RateLimited)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        var extensions = new Dictionary<string, object?> { ["robot"] = result.State.Name };
        if (result.Holder is { } holder)
        {
            extensions["holder"] = holder;
        }

        if (result.Status == CommandStatus.KeepOut)
        {
            // The zone in the way; null where it is the arena's edge, which the limit then says.
            extensions["zone"] = result.Zone;
            extensions["limit"] = WireNames.Of(result.Zone is null ? EnvelopeLimit.Arena : EnvelopeLimit.KeepOut);
        }

        return TypedResults.Problem(result.Detail, statusCode: status, title: title, type: type, extensions: extensions);
    }

    // A ProblemHttpResult, not NotFound<ProblemDetails>: the latter is written as application/json, and clients
    // (and the api's own contract) expect every problem as application/problem+json.
    public static ProblemHttpResult RobotNotFound(string name) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Robot not found",
        Detail = $"No robot is named '{Truncate(name)}'.",
        Type = ProblemTypes.RobotNotFound,
    });

    private static string Truncate(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
