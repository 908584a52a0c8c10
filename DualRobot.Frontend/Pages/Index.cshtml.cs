using System.Text.Json;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Live;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DualRobot.Frontend.Pages;

/// <summary>
/// The console. Reading is open to anyone; the POST handlers are the no-JavaScript way to command (stop, nudge,
/// eye, servos, e-stop): operators only, antiforgery-checked by Razor Pages, and each redirects back (PRG).
/// </summary>
public sealed class IndexModel(RobotApiClient api, ConsoleEventHub hub) : PageModel
{
    /// <summary>Keys per card, in the api's robot order: the first robot gets arrows/WASD, the second IJKL.</summary>
    public static readonly IReadOnlyList<string> KeyHints = ["W A S D or arrow keys", "I J K L"];

    public IReadOnlyList<RobotState> Robots { get; private set; } = [];

    public bool ApiReachable { get; private set; }

    public bool IsOperator => User.IsInRole(OperatorPolicy.Role);

    public bool IsSupervisor => User.IsInRole(OperatorRoles.Supervisor);

    /// <summary>Signed in, whatever the role: sees the Activity panel.</summary>
    public bool IsSignedIn => User.Identity?.IsAuthenticated == true;

    public bool EmergencyStopLatched => Robots.Any(robot => robot.EmergencyStopLatched);

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>"error" when the last command was refused; a string so nothing is stored when all went well.</summary>
    [TempData]
    public string? StatusLevel { get; set; }

    public bool StatusIsError => StatusLevel == "error";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Robots = await api.GetRobotsAsync(cancellationToken);
            ApiReachable = true;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
                                          || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Show the last known states under the "api unreachable" banner; the page recovers live by itself.
            Robots = hub.States;
            ApiReachable = false;
        }
    }

    public Task<IActionResult> OnPostStopAsync(string? robot) =>
        CommandAsync(ConsoleTelemetry.Spans.Drive, "stop", robot, $"{robot}: stop sent.",
            token => api.DriveAsync(robot!, new DriveRequest(Direction.Stop), token));

    /// <summary>A single short move with the api's default lease: without a script there is no hold-to-move.</summary>
    public Task<IActionResult> OnPostNudgeAsync(string? robot, string? direction, double? speed) =>
        speed is { } percent && !(double.IsFinite(percent) && percent is >= 0 and <= 100)
            ? Task.FromResult(Invalid("speed", "must be a number from 0 to 100."))
            : !WireNames.TryParse<Direction>(direction, out var toward)
            ? Task.FromResult(Invalid("direction", $"must be one of {string.Join(", ", ExactEnumConverter<Direction>.Names)}."))
            : CommandAsync(ConsoleTelemetry.Spans.Drive, "nudge", robot, $"{robot}: nudged {direction}.",
            token => api.DriveAsync(robot!, new DriveRequest(toward, speed / 100), token));

    public Task<IActionResult> OnPostEyeAsync(string? robot, string? eye) =>
        !WireNames.TryParse<EyeState>(eye, out var state)
            ? Task.FromResult(Invalid("eye", $"must be one of {string.Join(", ", ExactEnumConverter<EyeState>.Names)}."))
            : CommandAsync(ConsoleTelemetry.Spans.Eye, "eye", robot, $"{robot}: eye {eye}.",
            token => api.SetEyeAsync(robot!, new EyeRequest(state), token));

    /// <summary>Every servo of the card in one post, in index order; stops at the first refusal.</summary>
    public async Task<IActionResult> OnPostServosAsync(string? robot, double[]? angles) =>
        angles is not { Length: > 0 } ? Invalid("angles", "at least one angle is required.")
        : Array.FindIndex(angles, angle => !double.IsFinite(angle)) is var bad and >= 0 ? Invalid($"angles[{bad}]", "must be a finite number of degrees.")
        : await CommandAsync(ConsoleTelemetry.Spans.Servo, "servo", robot, $"{robot}: servos moved.", async token =>
        {
            ApiResponse last = null!;
            for (var index = 0; index < angles.Length; index++)
            {
                last = await api.SetServoAsync(robot!, index, new ServoRequest(angles[index]), token);
                if (!last.IsSuccess)
                {
                    break;
                }
            }

            return last;
        });

    /// <summary>Stops the robot and moves its claim to this user; the confirmation is the card's own two-step form.</summary>
    public Task<IActionResult> OnPostTakeControlAsync(string? robot) =>
        CommandAsync(ConsoleTelemetry.Spans.TakeControl, "take-control", robot, $"{robot}: stopped; you have control.",
            token => api.TakeControlAsync(robot!, token));

    public Task<IActionResult> OnPostEmergencyStopAsync() =>
        CommandAsync(ConsoleTelemetry.Spans.EmergencyStop, "estop", null, "Emergency stop latched: every robot stopped.",
            api.EmergencyStopAsync);

    public Task<IActionResult> OnPostReleaseAsync() =>
        CommandAsync(ConsoleTelemetry.Spans.EmergencyStopRelease, "estop.release", null, "Emergency stop released.",
            api.ReleaseEmergencyStopAsync);

    /// <summary>
    /// A form value the console cannot pass on (NaN, an infinity, 1e309, a speed outside 0..100): 400 naming the
    /// field, before anything reaches the api. Model binding reads those as doubles without complaint.
    /// </summary>
    private IActionResult Invalid(string field, string message) =>
        BadRequest(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Detail = $"{field}: {message}",
            Status = StatusCodes.Status400BadRequest,
        });

    private async Task<IActionResult> CommandAsync(
        string span, string action, string? robot, string done, Func<CancellationToken, Task<ApiResponse>> call)
    {
        // Razor Pages cannot authorize one handler, so each checks: a visitor is sent to sign in, a signed-in user
        // whose role does not allow it is refused.
        var allowed = action == "estop.release" ? IsSupervisor : IsOperator;
        if (!allowed)
        {
            return IsSignedIn ? Forbid() : Challenge();
        }

        if (action != "estop" && action != "estop.release" && string.IsNullOrWhiteSpace(robot))
        {
            return BadRequest();
        }

        using var activity = ConsoleTelemetry.StartCommand(span, action, robot, User.Identity?.Name, "form");
        var response = await call(HttpContext.RequestAborted);
        ConsoleTelemetry.Complete(activity, response.StatusCode);

        StatusLevel = response.IsSuccess ? null : "error";
        StatusMessage = response.IsSuccess ? done : $"{robot ?? "Emergency stop"}: {response.Describe()}";
        return RedirectToPage();
    }
}
