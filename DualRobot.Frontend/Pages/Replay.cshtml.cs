using System.Text.Json;
using DualRobot.Frontend.Live;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DualRobot.Frontend.Pages;

/// <summary>
/// Replay: a recorded session (issue 30) played again in an arena of its own, with who drove each stretch and what
/// was stopped or refused. For every signed-in role; the page is a shell that <c>replay.js</c> fills from
/// <c>/recordings</c>, so it says nothing about a robot now. The robot filter lists the robots the api has, or the last
/// ones the console saw when the api cannot be reached.
/// </summary>
[Authorize(Policy = OperatorPolicy.Viewer)]
public sealed class ReplayModel(RobotApi.RobotApiClient api, ConsoleEventHub hub) : PageModel
{
    public IReadOnlyList<string> Robots { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Robots = [.. (await api.GetRobotsAsync(cancellationToken)).Select(robot => robot.Name)];
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException
                                          || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Robots = [.. hub.States.Select(robot => robot.Name)];
        }
    }
}
