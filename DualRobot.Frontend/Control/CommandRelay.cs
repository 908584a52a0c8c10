using System.Diagnostics;
using System.Security.Claims;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.RobotApi;
using Microsoft.AspNetCore.Authorization;

namespace DualRobot.Frontend.Control;

/// <summary>
/// The one way a command leaves the console: <c>/control</c>, the command socket and the page's forms all send through
/// here, so every command gets the same checks and the same trace. The user's role must meet the command's policy
/// (the same policies the routes require); then the command's span (<c>console.*</c>, under the operator action the
/// page named, or the request's), the api call (<see cref="RobotApiClient"/>: key, user, role, deadline), and the
/// api's answer, returned verbatim and logged. A renewal (<see cref="RelayedCommand.Quiet"/>) makes no trace unless it
/// is refused, and neither does its api call.
/// </summary>
public sealed class CommandRelay(RobotApiClient api, IAuthorizationService authorization, ILogger<CommandRelay> logger)
{
    /// <param name="source">How the operator sent it: <c>script</c> (request or socket) or <c>form</c>.</param>
    /// <param name="action">The operator action it belongs to, as the page named it; default for none.</param>
    public async Task<ApiResponse> SendAsync(
        RelayedCommand command, ClaimsPrincipal user, string source, CancellationToken cancellationToken, ActivityContext action = default)
    {
        if (!await MayAsync(command, user))
        {
            return ApiResponse.NotAllowed(user.Identity?.IsAuthenticated == true);
        }

        var name = user.Identity?.Name;
        var started = DateTime.UtcNow;
        using var quiet = command.Quiet ? QuietRequestSampler.BeginQuiet(action) : null;
        using var activity = command.Quiet ? null : ConsoleTelemetry.StartCommand(command.Span, command.Action, command.Robot, name, source, action);
        if (activity is not null)
        {
            command.Tag?.Invoke(activity);
        }

        var response = await command.Call(api, cancellationToken);
        ConsoleTelemetry.Complete(activity, response.StatusCode);
        if (activity is null && response.StatusCode >= StatusCodes.Status400BadRequest)
        {
            ConsoleTelemetry.TraceRefusal(command.Span, command.Action, command.Robot, name, source, started, response.StatusCode);
        }

        FrontendLog.CommandAnswered(logger, name, command.Action, command.Robot, response.StatusCode);
        return response;
    }

    /// <summary>Whether the user's role meets the command's policy: the one check for every way a command comes.</summary>
    public async Task<bool> MayAsync(RelayedCommand command, ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, command.Policy)).Succeeded;
}
