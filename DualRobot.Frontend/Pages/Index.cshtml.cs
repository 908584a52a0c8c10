using System.Text.Json;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Live;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DualRobot.Frontend.Pages;

/// <summary>
/// The console. Reading is open to anyone; the POST handlers are the no-JavaScript way to command (stop, nudge,
/// eye, servos, e-stop): operators only, antiforgery-checked by Razor Pages, and each redirects back (PRG).
/// </summary>
public sealed class IndexModel(RobotApiClient api, CommandRelay relay, ConsoleEventHub hub) : PageModel
{
    /// <summary>The action of a form's single short move, as its span and log name it.</summary>
    public const string Nudge = "nudge";

    /// <summary>Keys per card, in the api's robot order: the first robot gets arrows/WASD, the second IJKL.</summary>
    public static readonly IReadOnlyList<string> KeyHints = ["W A S D or arrow keys", "I J K L"];

    public IReadOnlyList<RobotState> Robots { get; private set; } = [];

    public bool ApiReachable { get; private set; }

    /// <summary>Since when the api has been as <see cref="ApiReachable"/> says (as far as the console knows).</summary>
    public DateTimeOffset ApiSince => hub.Since;

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
        // The live stream says the api is gone: render at once from what was last known, under the banner, rather
        // than wait for a call that will not be answered. The page follows the stream from there.
        if (hub.ApiKnown && !hub.ApiReachable)
        {
            Robots = hub.States;
            return;
        }

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

    public Task<IActionResult> OnPostStopAsync() => FormAsync(form =>
    {
        var robot = form.RobotName();
        return (RelayedCommand.Drive(robot, new DriveRequest(Direction.Stop), RobotActions.Stop), $"{robot}: stop sent.");
    });

    /// <summary>A single short move with the api's default lease: without a script there is no hold-to-move.</summary>
    public Task<IActionResult> OnPostNudgeAsync() => FormAsync(form =>
    {
        var robot = form.RobotName();
        var direction = form.Name<Direction>("direction");
        var speed = form.Number("speed", 0, 100, "must be a number from 0 to 100.");
        return (RelayedCommand.Drive(robot, new DriveRequest(direction, speed / 100), Nudge), $"{robot}: nudged {WireNames.Of(direction)}.");
    });

    public Task<IActionResult> OnPostEyeAsync() => FormAsync(form =>
    {
        var robot = form.RobotName();
        var eye = form.Name<EyeState>("eye");
        return (RelayedCommand.Eye(robot, new EyeRequest(eye)), $"{robot}: eye {WireNames.Of(eye)}.");
    });

    /// <summary>Every servo of the card in one post, in index order; stops at the first refusal.</summary>
    public Task<IActionResult> OnPostServosAsync() => FormAsync(form =>
    {
        var robot = form.RobotName();
        var angles = form.Numbers("angles", "must be a finite number of degrees.");
        return (RelayedCommand.Servo(robot, 0, new ServoRequest(angles.FirstOrDefault())) with
        {
            Call = async (api, token) =>
            {
                ApiResponse last = null!;
                for (var index = 0; index < angles.Length; index++)
                {
                    last = await api.SetServoAsync(robot, index, new ServoRequest(angles[index]), token);
                    if (!last.IsSuccess)
                    {
                        break;
                    }
                }

                return last;
            },
        }, $"{robot}: servos moved.");
    });

    /// <summary>Stops the robot and moves its claim to this user; the confirmation is the card's own two-step form.</summary>
    public Task<IActionResult> OnPostTakeControlAsync() => FormAsync(form =>
    {
        var robot = form.RobotName();
        return (RelayedCommand.TakeControl(robot), $"{robot}: stopped; you have control.");
    });

    public Task<IActionResult> OnPostEmergencyStopAsync() =>
        FormAsync(_ => (RelayedCommand.EmergencyStop(), "Emergency stop latched: every robot stopped."));

    public Task<IActionResult> OnPostReleaseAsync() =>
        FormAsync(_ => (RelayedCommand.ReleaseEmergencyStop(), "Emergency stop released."));

    /// <summary>A form field the console cannot pass on: 400 naming the field, before anything reaches the api.</summary>
    private BadRequestObjectResult Invalid(string field, string message) =>
        BadRequest(new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Detail = $"{field}: {message}",
            Status = StatusCodes.Status400BadRequest,
        });

    /// <summary>
    /// Builds the command from the form's fields (<see cref="CommandForm"/>, read strictly) and sends it through the
    /// console's one relay, as <c>/control</c> and the command socket do: the relay checks the user's role against the
    /// command's policy (a visitor is sent to sign in, a signed-in user whose role does not allow it is refused), then
    /// a field that could not be read is answered 400 naming it, and nothing is sent; otherwise the page says how the
    /// command went and redirects back (PRG).
    /// </summary>
    private async Task<IActionResult> FormAsync(Func<CommandForm, (RelayedCommand Command, string Done)> build)
    {
        var form = new CommandForm(await Request.ReadFormAsync(HttpContext.RequestAborted));
        var (command, done) = build(form);
        if (!await relay.MayAsync(command, User))
        {
            return IsSignedIn ? Forbid() : Challenge();
        }

        if (form.Fault is var (field, message))
        {
            return Invalid(field, message);
        }

        var response = await relay.SendAsync(command, User, CommandSources.Form, HttpContext.RequestAborted);
        StatusLevel = response.IsSuccess ? null : "error";
        StatusMessage = response.IsSuccess ? done : $"{command.Robot ?? "Emergency stop"}: {response.Describe()}";
        return RedirectToPage();
    }
}
