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
/// <para>
/// The page names the instant it gives up on a command (<see cref="CommandDeadline"/>, in the console's clock, which
/// its status events carry): a command that reaches a console later (held up by a load balancer failing over, or by a
/// frozen replica) is refused here, and one that arrives in time goes to the api with the earlier of the page's and
/// the console's deadlines. So no command the page was told had failed acts later, whichever replica it reaches.
/// Stops are never stale.
/// </para>
/// </summary>
public sealed class CommandRelay(RobotApiClient api, IAuthorizationService authorization, TimeProvider time, ILogger<CommandRelay> logger)
{
    /// <param name="source">How the operator sent it: <c>script</c> (request or socket) or <c>form</c>.</param>
    /// <param name="action">The operator action it belongs to, as the page named it; default for none.</param>
    /// <param name="pageDeadline">When the page gives up on the command (<c>X-Command-Deadline</c>), as it sent it; null for none.</param>
    public async Task<ApiResponse> SendAsync(
        RelayedCommand command, ClaimsPrincipal user, string source, CancellationToken cancellationToken, ActivityContext action = default,
        string? pageDeadline = null)
    {
        if (!await MayAsync(command, user))
        {
            return ApiResponse.NotAllowed(user.Identity?.IsAuthenticated == true);
        }

        var client = api;
        if (!command.NeverStale && pageDeadline is not null)
        {
            if (!CommandDeadline.TryParse(pageDeadline, out var deadline))
            {
                return ApiResponse.Invalid(CommandDeadline.HeaderName, "Must be one RFC 3339 UTC time with its zone, such as 2026-11-30T00:12:34.567Z.");
            }

            if (deadline.HasPassed(time.GetUtcNow(), TimeSpan.Zero))
            {
                FrontendLog.CommandArrivedLate(logger, user.Identity?.Name, command.Action, command.Robot);
                return ApiResponse.ArrivedLate(deadline);
            }

            client = api.GivingUpBy(deadline.At);
        }

        var name = user.Identity?.Name;
        var started = DateTime.UtcNow;
        using var quiet = command.Quiet ? QuietRequestSampler.BeginQuiet(action) : null;
        using var activity = command.Quiet ? null : ConsoleTelemetry.StartCommand(command.Span, command.Action, command.Robot, name, source, action);
        if (activity is not null)
        {
            command.Tag?.Invoke(activity);
        }

        var response = await command.Call(client, cancellationToken);
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
