using System.Globalization;
using System.Net.ServerSentEvents;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots;
using DualRobot.Api.Robots.Commands;
using DualRobot.Api.Robots.Motion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Api.Apis;

public static class RobotsApi
{
    public static IEndpointRouteBuilder MapRobotsApi(this IEndpointRouteBuilder app)
    {
        var reads = app.MapGroup("/robots").WithTags("Robots");

        reads.MapGet("/", (RobotFleet fleet) => TypedResults.Ok(fleet.States().ToList()))
            .WithName("ListRobots")
            .WithSummary("State of every configured robot, in configuration order.");

        reads.MapGet("/events", StreamEvents)
            .WithName("RobotEvents")
            .WithSummary("Server-Sent Events: every robot's state on connect, then every change (event: state); event: keepalive on a fixed period.");

        reads.MapGet("/{name}", Results<Ok<RobotState>, ProblemHttpResult> (string name, RobotFleet fleet) =>
                fleet.TryGet(name, out var robot) ? TypedResults.Ok(robot.GetState()) : CommandResults.RobotNotFound(name))
            .WithName("GetRobot")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("State of one robot (names are case-insensitive).");

        // Bodies are bound as the contract's records with its strict JSON options; a failed binding becomes a problem
        // in BindingFailureHandler. Then, outermost first: the robot is resolved (404), the invalid are counted,
        // the body's declared rules are checked (400), and for the actuating commands the deadline is read (400).
        var commands = app.MapGroup("/robots/{name}")
            .WithTags("Robots")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .RequireAuthorization(OperatorPolicies.Operate)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RequestProblems.MaxBodyBytes))
            .ResolvesRobot()
            .CountsInvalidCommands()
            .ValidatesBodies();

        commands.MapPost("/drive", Drive)
            .WithName("Drive")
            .WithSummary("Drive forward, backward, left, right or stop, for a lease renewed by heartbeats.")
            .WithCommandAction(RobotActions.Drive)
            .ReadsDeadline();

        commands.MapPost("/velocity", Velocity)
            .WithName("Velocity")
            .WithSummary("Drive with a linear and an angular velocity, or per side (tank form), for a lease renewed by heartbeats.")
            .WithCommandAction(RobotActions.Velocity)
            .ReadsDeadline();

        commands.MapPost("/pose/reset", ResetPose)
            .WithName("ResetPose")
            .WithSummary("Put the robot's estimated pose back at 0, 0, 0.")
            .ReadsDeadline();

        commands.MapPost("/heartbeat", Heartbeat)
            .WithName("Heartbeat")
            .WithSummary("Renew the lease of the current motion.")
            .WithCommandAction(RobotActions.Heartbeat)
            .ReadsDeadline();

        commands.MapPost("/eye", Eye)
            .WithName("SetEye")
            .WithSummary("Turn the eye LED on, off, or make it blink.")
            .WithCommandAction(RobotActions.Eye)
            .ReadsDeadline();

        commands.MapPut("/servos/{index}", Servo)
            .WithName("SetServo")
            .WithSummary("Move a servo to an angle inside its configured range.")
            .WithCommandAction(RobotActions.Servo)
            .ReadsDeadline();

        commands.MapPost("/take-control", TakeControl)
            .WithName("TakeControl")
            .WithSummary("Stop the robot and move its control claim to the caller: at once for a supervisor, "
                + "otherwise only while the holder is not driving (409 robot-in-use naming them).");

        commands.MapPost("/release-control", (HttpContext context) =>
                TypedResults.Ok(new ControlReleased(context.Robot().ReleaseControl(context.User.UserName()), context.Robot().GetState())))
            .WithName("ReleaseControl")
            .WithSummary("Give up the caller's control claim on the robot at once (released: false if they held none).");

        // Commands added from outside this file: a plugin, or a test's sample command (docs/architecture.md).
        foreach (var endpoint in app.ServiceProvider.GetServices<RobotCommandEndpoint>())
        {
            endpoint.Map(commands);
        }

        return app;
    }

    /// <summary>Maps a command onto the commands group (robot resolved, bodies validated, invalid ones counted).</summary>
    public sealed record RobotCommandEndpoint(Action<RouteGroupBuilder> Map);

    /// <summary>
    /// Runs a command the endpoint built from its body on the route's robot, with the request's deadline and user,
    /// and answers as every command does.
    /// </summary>
    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> RunAsync(HttpContext context, RobotCommand command)
    {
        command.Deadline = context.Deadline();
        command.User = context.User.UserName();
        command.Role = OperatorRoles.Of(context.User);
        return Unwrap((await context.Robot().RunAsync(command)).ToHttp(context));
    }

    /// <param name="Released">Whether the caller held the claim until now.</param>
    public sealed record ControlReleased(bool Released, RobotState State);

    private static ServerSentEventsResult<RobotState?> StreamEvents(
        RobotFleet fleet, RobotEventHub hub, IHostApplicationLifetime lifetime, HttpContext context)
    {
        // Streams never end by themselves: without the stopping token, a connected console would hold up
        // shutdown until the host's timeout.
        var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(ended);
        return TypedResults.ServerSentEvents(hub.SubscribeAsync(fleet.States, ended.Token));
    }

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Drive(
        DriveRequest body, HttpContext context, LeaseLimits leases)
    {
        var robot = context.Robot();
        if (body.Speed is { } speed && speed != 1 && !robot.Options.HasSpeedControl)
        {
            return RequestProblems.Invalid("speed", $"Robot '{robot.Name}' has no enable (PWM) pins; it only drives at full speed.");
        }

        var speedToApply = robot.Options.HasSpeedControl ? body.Speed : null;
        return Unwrap((await robot.DriveAsync(body.Direction!.Value, speedToApply, leases.Lease(body.LeaseMs), context.Deadline(), context.User.UserName(), OperatorRoles.Of(context.User))).ToHttp(context));
    }

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Velocity(
        VelocityRequest body, HttpContext context, LeaseLimits leases)
    {
        var sides = body.IsTwist ? SideValues.Mix(body.Linear!.Value, body.Angular!.Value) : new SideValues(body.Left!.Value, body.Right!.Value);
        (double, double)? twist = body.IsTwist ? (body.Linear!.Value, body.Angular!.Value) : null;
        return Unwrap((await context.Robot().VelocityAsync(sides, twist, leases.Lease(body.LeaseMs), context.Deadline(), context.User.UserName(), OperatorRoles.Of(context.User))).ToHttp(context));
    }

    // Takes the request, not the context: a handler of HttpContext alone would be taken for a RequestDelegate.
    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> ResetPose(HttpRequest request) =>
        Unwrap((await request.HttpContext.Robot().ResetPoseAsync(request.HttpContext.Deadline(), request.HttpContext.User.UserName())).ToHttp(request.HttpContext));

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Heartbeat(
        HeartbeatRequest? body, HttpContext context, LeaseLimits leases) =>
        Unwrap((await context.Robot().HeartbeatAsync(leases.Lease(body?.LeaseMs), context.Deadline(), context.User.UserName(), OperatorRoles.Of(context.User))).ToHttp(context));

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Eye(EyeRequest body, HttpContext context) =>
        Unwrap((await context.Robot().SetEyeAsync(body.State!.Value, context.Deadline(), context.User.UserName())).ToHttp(context));

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Servo(
        string index, ServoRequest body, HttpContext context)
    {
        var robot = context.Robot();

        // The index is taken as text so "abc" or "99999999999" is a named 400 rather than a routing 404.
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var servoIndex)
            || servoIndex >= robot.Options.Servos.Count)
        {
            return RequestProblems.Invalid("index", robot.Options.Servos.Count == 0
                ? $"Robot '{robot.Name}' has no servos."
                : $"Must be a servo index from 0 to {robot.Options.Servos.Count - 1}.");
        }

        // Required and a number the body already guarantees; the range is this servo's.
        var servo = robot.Options.Servos[servoIndex];
        if (body.Angle!.Value is var angle && (angle < servo.MinAngle || angle > servo.MaxAngle))
        {
            return RequestProblems.Invalid("angle", $"Required, within {servo.MinAngle}..{servo.MaxAngle} degrees.");
        }

        return Unwrap((await robot.SetServoAsync(servoIndex, angle, context.Deadline(), context.User.UserName())).ToHttp(context));
    }

    internal static async Task<Results<Ok<RobotState>, ProblemHttpResult>> TakeControl(HttpRequest request) =>
        (await request.HttpContext.Robot().TakeControlAsync(request.HttpContext.User.UserName(), request.HttpContext.User.IsSupervisor()))
            .ToHttp(request.HttpContext);

    private static Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult> Unwrap(
        Results<Ok<RobotState>, ProblemHttpResult> result) => result.Result switch
        {
            Ok<RobotState> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected command result."),
        };
}
