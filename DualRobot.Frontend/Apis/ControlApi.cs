using System.Diagnostics;
using System.Security.Claims;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// Same-origin actuation for the page's script: signed-in operators only, antiforgery token in a header, POST
/// only. Each call becomes one api call with the console's key; the api's status and problem details come back
/// unchanged so the page can say "emergency stop latched" or "backend unavailable".
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

        control.MapPost("/estop", (CommandContext context) =>
            context.RunAsync(ConsoleTelemetry.Spans.EmergencyStop, "estop", null, null, api => api.EmergencyStopAsync(context.Aborted)));

        control.MapPost("/estop/release", (CommandContext context) =>
            context.RunAsync(ConsoleTelemetry.Spans.EmergencyStopRelease, "estop.release", null, null, api => api.ReleaseEmergencyStopAsync(context.Aborted)))
            .RequireAuthorization(OperatorPolicy.Supervisor);

        control.MapPost("/{robot}/take-control", (string robot, CommandContext context) =>
            context.RunAsync(ConsoleTelemetry.Spans.TakeControl, "take-control", robot, null, api => api.TakeControlAsync(robot, context.Aborted)));

        control.MapPost("/{robot}/drive", (string robot, DriveRequest command, CommandContext context) =>
            context.RelayAsync(context.DriveAsync(robot, command)));

        control.MapPost("/{robot}/heartbeat", (string robot, HeartbeatRequest? command, CommandContext context) =>
            context.RelayAsync(context.HeartbeatAsync(robot, command)));

        control.MapPost("/{robot}/eye", (string robot, EyeRequest command, CommandContext context) =>
            context.RunAsync(ConsoleTelemetry.Spans.Eye, "eye", robot,
                activity => activity.SetTag(ConsoleTelemetry.Tags.Eye, command.State),
                api => api.SetEyeAsync(robot, command, context.Aborted)));

        control.MapPost("/{robot}/servos/{index:int}", (string robot, int index, ServoRequest command, CommandContext context) =>
            context.RunAsync(ConsoleTelemetry.Spans.Servo, "servo", robot,
                activity => activity.SetTag(ConsoleTelemetry.Tags.ServoIndex, index),
                api => api.SetServoAsync(robot, index, command, context.Aborted)));

        control.MapMotionControl();

        return app;
    }

    /// <summary>What every command endpoint needs, bound in one go.</summary>
    internal sealed record CommandContext(RobotApiClient Api, ClaimsPrincipal User, ILogger<RobotApiClient> Logger, HttpContext Http)
    {
        public static ValueTask<CommandContext?> BindAsync(HttpContext http) => ValueTask.FromResult<CommandContext?>(For(http));

        /// <summary>The context of a request, or of one message on the command socket opened by that request.</summary>
        public static CommandContext For(HttpContext http) => new(
            http.RequestServices.GetRequiredService<RobotApiClient>(),
            http.User,
            http.RequestServices.GetRequiredService<ILogger<RobotApiClient>>(),
            http);

        public CancellationToken Aborted => Http.RequestAborted;

        /// <summary>Runs the api call inside a <c>console.*</c> span and relays the api's answer verbatim.</summary>
        public Task<ContentHttpResult> RunAsync(
            string span, string action, string? robot, Action<Activity>? tag, Func<RobotApiClient, Task<ApiResponse>> call) =>
            RelayAsync(SendAsync(span, action, robot, tag, call));

        /// <summary>The api's answer as this request's response: status, body and Retry-After.</summary>
        public async Task<ContentHttpResult> RelayAsync(Task<ApiResponse> answer)
        {
            var response = await answer;
            if (response.RetryAfter is { } retryAfter)
            {
                Http.Response.Headers.RetryAfter = retryAfter;
            }

            return TypedResults.Content(response.Body, response.ContentType, statusCode: response.StatusCode);
        }

        /// <summary>The api call inside a <c>console.*</c> span, traced, logged and answered as the api answered:
        /// for a request to <c>/control</c> and a message on the command socket alike.</summary>
        public async Task<ApiResponse> SendAsync(
            string span, string action, string? robot, Action<Activity>? tag, Func<RobotApiClient, Task<ApiResponse>> call)
        {
            var started = DateTime.UtcNow;
            using var activity = ConsoleTelemetry.StartCommand(span, action, robot, User.Identity?.Name, "script");
            if (activity is not null)
            {
                tag?.Invoke(activity);
            }

            var response = await call(Api);
            ConsoleTelemetry.Complete(activity, response.StatusCode);
            if (activity is null && response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                ConsoleTelemetry.TraceRefusal(span, action, robot, User.Identity?.Name, "script", started, response.StatusCode);
            }

            FrontendLog.CommandAnswered(Logger, User.Identity?.Name, action, robot, response.StatusCode);
            return response;
        }

        // The motion commands, which come as /control requests and on the command socket alike.
        public Task<ApiResponse> DriveAsync(string robot, DriveRequest command) =>
            SendAsync(ConsoleTelemetry.Spans.Drive, "drive", robot,
                activity => activity.SetTag(ConsoleTelemetry.Tags.Direction, command.Direction),
                api => api.DriveAsync(robot, command, Aborted));

        public Task<ApiResponse> VelocityAsync(string robot, VelocityRequest command) =>
            SendAsync(ConsoleTelemetry.Spans.Velocity, "velocity", robot,
                activity =>
                {
                    activity.SetTag(ConsoleTelemetry.Tags.Linear, command.Linear);
                    activity.SetTag(ConsoleTelemetry.Tags.Angular, command.Angular);
                },
                api => api.VelocityAsync(robot, command, Aborted));

        public Task<ApiResponse> HeartbeatAsync(string robot, HeartbeatRequest? command) =>
            SendAsync(ConsoleTelemetry.Spans.Heartbeat, "heartbeat", robot, null,
                api => api.HeartbeatAsync(robot, command ?? new HeartbeatRequest(), Aborted));
    }
}
