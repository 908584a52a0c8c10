using System.Text.Json;
using DualRobot.Frontend.Apis;

namespace DualRobot.Frontend.Pages;

/// <summary>
/// The names the page's script shares with the api and the console, rendered into the page (the content of a meta
/// element the script reads once, <c>contract.js</c>: no inline script) from the contract itself, so the script keeps
/// no copies of its own: problem kinds, directions, eye states, the command socket's address and the deadline header.
/// </summary>
public static class PageContract
{
    public const string MetaName = "dualrobot-contract";

    public static readonly string Json = JsonSerializer.Serialize(new
    {
        // Without its scheme: the page names no address of another site, not even as data.
        problemBase = ProblemTypes.Base[(ProblemTypes.Base.IndexOf("://", StringComparison.Ordinal) + 3)..],
        kinds = new
        {
            rateLimited = ProblemTypes.KindOf(ProblemTypes.RateLimited),
            backendUnavailable = ProblemTypes.KindOf(ProblemTypes.BackendUnavailable),
            apiUnreachable = ProblemTypes.KindOf(ProblemTypes.ApiUnreachable),
            emergencyStopLatched = ProblemTypes.KindOf(ProblemTypes.EmergencyStopLatched),
            robotInUse = ProblemTypes.KindOf(ProblemTypes.RobotInUse),
            keepOut = ProblemTypes.KindOf(ProblemTypes.KeepOut),
            speedLimit = ProblemTypes.KindOf(ProblemTypes.SpeedLimit),
        },
        envelopeLimits = ExactEnumConverter<EnvelopeLimit>.Names,
        directions = ExactEnumConverter<Direction>.Names,
        stop = WireNames.Of(Direction.Stop),
        eyeStates = ExactEnumConverter<EyeState>.Names,
        socketPath = CommandSocketApi.Path,
        deadlineHeader = CommandDeadline.HeaderName,
    });
}
