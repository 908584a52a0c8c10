using DualRobot.Frontend.Control;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// Same-origin actuation for the page's script: signed-in operators only, antiforgery token in a header, POST only.
/// Each route is one <see cref="RelayedCommand"/> through the <see cref="CommandRelay"/>, which the command socket and
/// the page's forms use too; the api's status and problem details come back unchanged so the page can say
/// "emergency stop latched" or "backend unavailable".
/// </summary>
public static class ControlApi
{
    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control")
            .WithTags("Control")
            .RequireAuthorization(OperatorPolicy.Name)
            .AddEndpointFilter<AntiforgeryValidationFilter>()
            .ExcludeFromDescription();

        control.MapPost("/estop", (Relay relay) => relay.SendAsync(RelayedCommand.EmergencyStop()));

        control.MapPost("/estop/release", (Relay relay) => relay.SendAsync(RelayedCommand.ReleaseEmergencyStop()))
            .RequireAuthorization(OperatorPolicy.Supervisor);

        control.MapPost("/{robot}/take-control", (string robot, Relay relay) => relay.SendAsync(RelayedCommand.TakeControl(robot)));

        control.MapPost("/{robot}/drive", (string robot, DriveRequest body, Relay relay) => relay.SendAsync(RelayedCommand.Drive(robot, body)));

        control.MapPost("/{robot}/velocity", (string robot, VelocityRequest body, Relay relay) => relay.SendAsync(RelayedCommand.Velocity(robot, body)));

        control.MapPost("/{robot}/heartbeat", (string robot, HeartbeatRequest? body, Relay relay) => relay.SendAsync(RelayedCommand.Heartbeat(robot, body)));

        control.MapPost("/{robot}/eye", (string robot, EyeRequest body, Relay relay) => relay.SendAsync(RelayedCommand.Eye(robot, body)));

        control.MapPost("/{robot}/servos/{index:int}", (string robot, int index, ServoRequest body, Relay relay) =>
            relay.SendAsync(RelayedCommand.Servo(robot, index, body)));

        control.MapPost("/{robot}/pose/reset", (string robot, Relay relay) => relay.SendAsync(RelayedCommand.ResetPose(robot)));

        // A group's commands (the api applies each to every member, all or none): the robot's bodies with a mode.
        control.MapPost("/groups/{group}/velocity", (string group, GroupVelocityRequest body, Relay relay) => relay.SendAsync(RelayedCommand.GroupVelocity(group, body)));

        control.MapPost("/groups/{group}/drive", (string group, GroupDriveRequest body, Relay relay) => relay.SendAsync(RelayedCommand.GroupDrive(group, body)));

        control.MapPost("/groups/{group}/heartbeat", (string group, HeartbeatRequest? body, Relay relay) => relay.SendAsync(RelayedCommand.GroupHeartbeat(group, body)));

        // Commands added from outside this file: a plugin, or a test's sample command (docs/architecture.md).
        foreach (var endpoint in app.ServiceProvider.GetServices<ConsoleCommandEndpoint>())
        {
            endpoint.Map(control);
        }

        return app;
    }

    /// <summary>
    /// Relays another robot command: <c>POST /control/{robot}/{route}</c>, its body read as strictly as the api reads
    /// it, to <c>POST /robots/{robot}/{route}</c>. One line per command, on the group (operators, antiforgery).
    /// </summary>
    public static RouteHandlerBuilder MapRobotCommand<TBody>(this RouteGroupBuilder control, string route, string action)
        where TBody : class =>
        control.MapPost($"/{{robot}}/{route}", (string robot, TBody body, Relay relay) => relay.SendAsync(RelayedCommand.Of(robot, route, action, body)));

    /// <summary>Maps a command onto the <c>/control</c> group: how a command from outside this file is added.</summary>
    public sealed record ConsoleCommandEndpoint(Action<RouteGroupBuilder> Map);

    /// <summary>The relay for one <c>/control</c> request: the request's user and span, the answer as its response.</summary>
    internal sealed record Relay(CommandRelay Commands, HttpContext Http)
    {
        public static ValueTask<Relay?> BindAsync(HttpContext http) =>
            ValueTask.FromResult<Relay?>(new Relay(http.RequestServices.GetRequiredService<CommandRelay>(), http));

        /// <summary>The api's answer as this request's response: status, body and Retry-After.</summary>
        public async Task<ContentHttpResult> SendAsync(RelayedCommand command)
        {
            var deadline = Http.Request.Headers[CommandDeadline.HeaderName] is { Count: > 0 } values ? values.ToString() : null;
            var response = await Commands.SendAsync(command, Http.User, CommandSources.Script, Http.RequestAborted, pageDeadline: deadline);
            if (response.RetryAfter is { } retryAfter)
            {
                Http.Response.Headers.RetryAfter = retryAfter;
            }

            return response.ToContent();
        }
    }
}
