using System.Net.ServerSentEvents;
using DualRobot.Api.Apis.Requests;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

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

        var commands = app.MapGroup("/robots/{name}")
            .WithTags("Robots")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(OperatorPolicies.Operate)
            .DisableAntiforgery();

        commands.MapPost("/drive", Drive)
            .WithName("Drive")
            .WithSummary("Drive forward, backward, left, right or stop, for a lease renewed by heartbeats.")
            .CountsInvalidCommands(RobotActions.Drive)
            .Accepts<DriveRequest>("application/json");

        commands.MapPost("/heartbeat", Heartbeat)
            .WithName("Heartbeat")
            .WithSummary("Renew the lease of the current motion.")
            .CountsInvalidCommands(RobotActions.Heartbeat)
            .Accepts<HeartbeatRequest>("application/json");

        commands.MapPost("/eye", Eye)
            .WithName("SetEye")
            .WithSummary("Turn the eye LED on, off, or make it blink.")
            .CountsInvalidCommands(RobotActions.Eye)
            .Accepts<EyeRequest>("application/json");

        commands.MapPut("/servos/{index}", Servo)
            .WithName("SetServo")
            .WithSummary("Move a servo to an angle inside its configured range.")
            .CountsInvalidCommands(RobotActions.Servo)
            .Accepts<ServoRequest>("application/json");

        commands.MapPost("/take-control", TakeControl)
            .WithName("TakeControl")
            .WithSummary("Stop the robot and move its control claim to the caller: at once for a supervisor, "
                + "otherwise only while the holder is not driving (409 robot-in-use naming them).");

        commands.MapPost("/release-control", Results<Ok<ControlReleased>, ProblemHttpResult> (string name, HttpContext context, RobotFleet fleet) =>
                fleet.TryGet(name, out var robot)
                    ? TypedResults.Ok(new ControlReleased(robot.ReleaseControl(context.User.UserName()), robot.GetState()))
                    : CommandResults.RobotNotFound(name))
            .WithName("ReleaseControl")
            .WithSummary("Give up the caller's control claim on the robot at once (released: false if they held none).");

        return app;
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
        string name, HttpRequest request, RobotFleet fleet, IOptions<ControlOptions> control)
    {
        if (!fleet.TryGet(name, out var robot))
        {
            return CommandResults.RobotNotFound(name);
        }

        var (body, problem) = await JsonBody.ReadAsync(request, RequestJsonContext.Default.DriveRequest, required: true);
        if (problem is not null)
        {
            return Problem(problem);
        }

        if (!TryParse<Direction>(body!.Direction, out var direction))
        {
            return JsonBody.Invalid("direction", body.Direction is null
                ? "Required: one of forward, backward, left, right, stop."
                : "Must be one of forward, backward, left, right, stop.");
        }

        if (body.Speed is { } speed)
        {
            if (!double.IsFinite(speed) || speed is < 0 or > 1)
            {
                return JsonBody.Invalid("speed", "Must lie within 0..1.");
            }

            if (!robot.Options.HasSpeedControl && speed != 1)
            {
                return JsonBody.Invalid("speed", $"Robot '{robot.Name}' has no enable (PWM) pins; it only drives at full speed.");
            }
        }

        if (ValidateLease(body.LeaseMs, control.Value) is { } leaseProblem)
        {
            return leaseProblem;
        }

        var lease = TimeSpan.FromMilliseconds(body.LeaseMs ?? control.Value.DefaultLeaseMs);
        var speedToApply = robot.Options.HasSpeedControl ? body.Speed : null;
        return Unwrap((await robot.DriveAsync(direction, speedToApply, lease, request.HttpContext.User.UserName())).ToHttp(request.HttpContext));
    }

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Heartbeat(
        string name, HttpRequest request, RobotFleet fleet, IOptions<ControlOptions> control)
    {
        if (!fleet.TryGet(name, out var robot))
        {
            return CommandResults.RobotNotFound(name);
        }

        var (body, problem) = await JsonBody.ReadAsync(request, RequestJsonContext.Default.HeartbeatRequest, required: false);
        if (problem is not null)
        {
            return Problem(problem);
        }

        if (ValidateLease(body?.LeaseMs, control.Value) is { } leaseProblem)
        {
            return leaseProblem;
        }

        var lease = TimeSpan.FromMilliseconds(body?.LeaseMs ?? control.Value.DefaultLeaseMs);
        return Unwrap((await robot.HeartbeatAsync(lease, request.HttpContext.User.UserName())).ToHttp(request.HttpContext));
    }

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Eye(
        string name, HttpRequest request, RobotFleet fleet)
    {
        if (!fleet.TryGet(name, out var robot))
        {
            return CommandResults.RobotNotFound(name);
        }

        var (body, problem) = await JsonBody.ReadAsync(request, RequestJsonContext.Default.EyeRequest, required: true);
        if (problem is not null)
        {
            return Problem(problem);
        }

        if (!TryParse<EyeState>(body!.State, out var eye))
        {
            return JsonBody.Invalid("state", body.State is null ? "Required: one of on, off, blink." : "Must be one of on, off, blink.");
        }

        return Unwrap((await robot.SetEyeAsync(eye, request.HttpContext.User.UserName())).ToHttp(request.HttpContext));
    }

    internal static async Task<Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult>> Servo(
        string name, string index, HttpRequest request, RobotFleet fleet)
    {
        if (!fleet.TryGet(name, out var robot))
        {
            return CommandResults.RobotNotFound(name);
        }

        // The index is taken as text so "abc" or "99999999999" is a named 400 rather than a routing 404.
        if (!int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var servoIndex)
            || servoIndex >= robot.Options.Servos.Count)
        {
            return JsonBody.Invalid("index", robot.Options.Servos.Count == 0
                ? $"Robot '{robot.Name}' has no servos."
                : $"Must be a servo index from 0 to {robot.Options.Servos.Count - 1}.");
        }

        var (body, problem) = await JsonBody.ReadAsync(request, RequestJsonContext.Default.ServoRequest, required: true);
        if (problem is not null)
        {
            return Problem(problem);
        }

        var servo = robot.Options.Servos[servoIndex];
        if (body!.Angle is not { } angle || !double.IsFinite(angle) || angle < servo.MinAngle || angle > servo.MaxAngle)
        {
            return JsonBody.Invalid("angle", $"Required, within {servo.MinAngle}..{servo.MaxAngle} degrees.");
        }

        return Unwrap((await robot.SetServoAsync(servoIndex, angle, request.HttpContext.User.UserName())).ToHttp(request.HttpContext));
    }

    internal static async Task<Results<Ok<RobotState>, ProblemHttpResult>> TakeControl(string name, HttpContext context, RobotFleet fleet) =>
        fleet.TryGet(name, out var robot)
            ? (await robot.TakeControlAsync(context.User.UserName(), context.User.IsSupervisor())).ToHttp(context)
            : CommandResults.RobotNotFound(name);

    private static ValidationProblem? ValidateLease(int? leaseMs, ControlOptions control) =>
        leaseMs is { } ms && (ms < control.MinLeaseMs || ms > control.MaxLeaseMs)
            ? JsonBody.Invalid("leaseMs", $"Must lie within {control.MinLeaseMs}..{control.MaxLeaseMs} milliseconds.")
            : null;

    private static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        // Only the exact lower-case wire names: no numbers ("1"), no padding, no other casing.
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            var wire = candidate switch
            {
                Direction d => RobotJson.Name(d),
                EyeState e => RobotJson.Name(e),
                _ => null,
            };
            if (wire is not null && string.Equals(wire, text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult> Problem(IResult problem) =>
        problem switch
        {
            ValidationProblem validation => validation,
            ProblemHttpResult other => other,
            _ => throw new InvalidOperationException($"Unexpected problem result {problem.GetType()}"),
        };

    private static Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult> Unwrap(
        Results<Ok<RobotState>, ProblemHttpResult> result) => result.Result switch
        {
            Ok<RobotState> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected command result."),
        };
}
