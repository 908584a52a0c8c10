using System.Diagnostics;
using System.Net.WebSockets;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// <c>/control/socket</c>: the command socket (<see cref="CommandSocket"/>) for a signed-in operator's page. A
/// WebSocket carries no antiforgery header, so the handshake must come from this console's own origin: a page of any
/// other site (or port) is refused, whatever cookies its browser holds.
/// </summary>
public static class CommandSocketApi
{
    public const string Path = "/control/socket";

    /// <summary>
    /// A WebSocket opens as <c>GET</c> with <c>Upgrade</c> over HTTP/1.1, and as an extended <c>CONNECT</c> (RFC 8441)
    /// over HTTP/2, which is how Chromium opens one on the HTTP/2 connection it already has to an HTTPS console.
    /// Kestrel accepts both; the route must too, or the page falls back to requests. Any other method gets 405.
    /// </summary>
    private static readonly string[] HandshakeMethods = [HttpMethods.Get, HttpMethods.Connect];

    // Where the cookie handler keeps the session key (ITicketStore) inside the cookie's own ticket.
    private const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public static IEndpointRouteBuilder MapCommandSocketApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, HandshakeMethods, async Task<Results<EmptyHttpResult, ProblemHttpResult>> (
                HttpContext http, OperatorSessionStore sessions, OperatorSessionEvents events, CommandRelay relay,
                IOptionsMonitor<CookieAuthenticationOptions> cookies, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime,
                ILogger<CommandSocket> logger) =>
            {
                if (!http.WebSockets.IsWebSocketRequest)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket only",
                        detail: "This is the console page's command socket; the same commands are POSTs under /control.");
                }

                // The handshake's request lasts as long as the socket and is not traced (a quiet request): the socket's
                // own span covers the opening only, and each command is traced by itself, never under the page's life.
                Activity.Current = null;
                WebSocket socket;
                string key;
                using (var opening = ConsoleTelemetry.StartSocket(http.User.Identity?.Name))
                {
                    if (!FromThisOrigin(http.Request))
                    {
                        FrontendLog.CommandSocketRefused(logger, http.User.Identity?.Name, http.Request.Headers.Origin.ToString());
                        ConsoleTelemetry.Complete(opening, StatusCodes.Status403Forbidden);
                        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-origin command socket refused",
                            detail: "Only the console's own page may open its command socket.");
                    }

                    if (SessionKey(http, cookies.Get(CookieAuthenticationDefaults.AuthenticationScheme)) is not { } session)
                    {
                        ConsoleTelemetry.Complete(opening, StatusCodes.Status401Unauthorized);
                        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Session ended", detail: "Sign in again.");
                    }

                    key = session;
                    socket = await http.WebSockets.AcceptWebSocketAsync();
                    // HTTP/1.1 switches protocols; an HTTP/2 extended CONNECT is accepted with 200.
                    ConsoleTelemetry.Complete(opening, HttpProtocol.IsHttp11(http.Request.Protocol)
                        ? StatusCodes.Status101SwitchingProtocols
                        : StatusCodes.Status200OK);
                }

                using (socket)
                {
                    FrontendLog.CommandSocketOpened(logger, http.User.Identity?.Name);
                    Activity.Current = null;
                    await new CommandSocket(socket, http, key, sessions, events, relay, json.Value.SerializerOptions, lifetime.ApplicationStopping)
                        .RunAsync();
                    FrontendLog.CommandSocketClosed(logger, http.User.Identity?.Name);
                }

                return TypedResults.Empty;
            })
            .WithName("ConsoleCommandSocket")
            .WithSummary("The console page's command socket: drive, velocity, heartbeat and the e-stop, answered like /control.")
            .RequireAuthorization(OperatorPolicy.Name)
            .ExcludeFromDescription();

        return app;
    }

    /// <summary>Browsers always send Origin on a WebSocket handshake; it must be this console as the browser reached it.</summary>
    private static bool FromThisOrigin(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
        && string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>The server-side session the request's cookie names, so each command can check it still exists.</summary>
    private static string? SessionKey(HttpContext http, CookieAuthenticationOptions options) =>
        options.CookieManager.GetRequestCookie(http, options.Cookie.Name!) is { Length: > 0 } cookie
        && options.TicketDataFormat.Unprotect(cookie) is { } ticket
            ? ticket.Principal.FindFirst(SessionIdClaim)?.Value
            : null;
}
