using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Live;
using DualRobot.Frontend.Operators;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// The only way the console talks to the api. It adds the bearer key, which never leaves this process, and names
/// the signed-in user and role in <see cref="OperatorHeaders.User"/> and <see cref="OperatorHeaders.Role"/>, taken from the sign-in
/// cookie: every request is built here, so a header a browser sent is never passed on. The OpenTelemetry
/// HttpClient instrumentation carries the W3C trace context along. With several api instances
/// (<see cref="ApiOptions.Instances"/>) a robot's command goes to the instance whose event stream shows that robot
/// (<see cref="ConsoleEventHub.OwnerOf"/>), the e-stop and its release to every instance (<see cref="FleetAnswers"/>
/// says which robots it could not reach), and reads of the whole fleet are merged.
/// </summary>
public sealed partial class RobotApiClient(
    HttpClient http, IOptions<ApiKeyOptions> control, IOptions<ApiOptions> api, ConsoleEventHub fleet, TimeProvider time,
    IHttpContextAccessor context, ILogger<RobotApiClient> logger)
{
    private static readonly JsonSerializerOptions CommandJson = WriteOptions();

    private DateTimeOffset? _callerDeadline;

    private IReadOnlyList<ApiInstance> Instances => field ??= api.Value.InstanceList();

    /// <summary>
    /// This client for a caller that gives up at <paramref name="at"/>: its commands tell the api the earlier of that
    /// and the console's own deadline (<see cref="ApiOptions.CommandTimeout"/> from now).
    /// </summary>
    public RobotApiClient GivingUpBy(DateTimeOffset at) => new(http, control, api, fleet, time, context, logger) { _callerDeadline = at };

    /// <summary>
    /// Every robot of every instance; an instance that does not answer contributes its robots' last known states
    /// (the page marks them unreachable). Throws only when no instance answers.
    /// </summary>
    public async Task<IReadOnlyList<RobotState>> GetRobotsAsync(CancellationToken cancellationToken)
    {
        if (Instances is [var only])
        {
            return await http.GetFromJsonAsync<List<RobotState>>(only.At("/robots"), CommandJson, cancellationToken) ?? [];
        }

        var lists = await Task.WhenAll(Instances.Select(async instance =>
        {
            try
            {
                return (Instance: instance, Robots: await http.GetFromJsonAsync<List<RobotState>>(instance.At("/robots"), CommandJson, cancellationToken), Failure: (Exception?)null);
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException
                                              || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return (Instance: instance, Robots: null, Failure: exception);
            }
        }));
        if (lists.All(list => list.Failure is not null))
        {
            throw lists[0].Failure!;
        }

        var known = fleet.States.ToDictionary(state => state.Name, StringComparer.OrdinalIgnoreCase);
        return lists.SelectMany(list => list.Robots
                ?? fleet.RobotsOf(list.Instance.Name).Select(name => known.GetValueOrDefault(name)).OfType<RobotState>().ToList())
            .ToList();
    }

    public Task<ApiResponse> DriveAsync(string robot, DriveRequest command, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Post, $"/robots/{Escape(robot)}/drive", command, cancellationToken);

    public Task<ApiResponse> VelocityAsync(string robot, VelocityRequest command, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Post, $"/robots/{Escape(robot)}/velocity", command, cancellationToken);

    public Task<ApiResponse> ResetPoseAsync(string robot, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Post, $"/robots/{Escape(robot)}/pose/reset", null, cancellationToken);

    public Task<ApiResponse> HeartbeatAsync(string robot, HeartbeatRequest command, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Post, $"/robots/{Escape(robot)}/heartbeat", command, cancellationToken);

    public Task<ApiResponse> SetEyeAsync(string robot, EyeRequest command, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Post, $"/robots/{Escape(robot)}/eye", command, cancellationToken);

    public Task<ApiResponse> SetServoAsync(string robot, int index, ServoRequest command, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Put, $"/robots/{Escape(robot)}/servos/{index.ToString(CultureInfo.InvariantCulture)}", command, cancellationToken);

    /// <summary>Any robot command: <c>POST /robots/{robot}/{route}</c> with its body (a command with no method of its own here).</summary>
    public Task<ApiResponse> SendCommandAsync(string robot, string route, object? body, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Post, $"/robots/{Escape(robot)}/{route}", body, cancellationToken);

    public Task<ApiResponse> TakeControlAsync(string robot, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Post, $"/robots/{Escape(robot)}/take-control", null, cancellationToken);

    /// <summary>
    /// The latest audit records, newest first, optionally of one robot: from that robot's instance, else merged from
    /// every instance that answers (each keeps its own robots' audit trail).
    /// </summary>
    public async Task<ApiResponse> GetActivityAsync(string? robot, int limit, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrEmpty(robot)
            ? $"/audit?limit={limit.ToString(CultureInfo.InvariantCulture)}"
            : $"/audit?limit={limit.ToString(CultureInfo.InvariantCulture)}&robot={Escape(robot)}";
        if ((Instances is [var only] ? only : string.IsNullOrEmpty(robot) ? null : OwnerOf(robot)) is { } owner)
        {
            return await SendAsync(owner, HttpMethod.Get, path, null, cancellationToken);
        }

        var answers = await Task.WhenAll(Instances.Select(instance => SendAsync(instance, HttpMethod.Get, path, null, cancellationToken)));
        return FleetAnswers.NewestFirst(answers, "time", limit);
    }

    /// <summary>
    /// Puts a sign-in or sign-out in the api's audit trail (the first instance that takes it: it concerns no robot).
    /// The user is named explicitly: at sign-in the request's principal is still anonymous. A failure is logged and
    /// does not stop the sign-in.
    /// </summary>
    public async Task RecordSessionAsync(string user, string role, bool signIn, CancellationToken cancellationToken)
    {
        var response = ApiResponse.Unreachable("No api instance is configured.");
        foreach (var instance in Instances)
        {
            response = await SendAsync(instance, HttpMethod.Post, signIn ? "/audit/sign-in" : "/audit/sign-out", null, cancellationToken, (user, role));
            if (response.IsSuccess)
            {
                return;
            }
        }

        FrontendLog.SessionNotAudited(logger, user, response.StatusCode);
    }

    /// <summary>
    /// Every keep-out zone, the margin and the zones' version (any signed-in user). With several instances each keeps
    /// the fleet-wide zones and its own robots' zones, so the answer is their union (<see cref="FleetAnswers.MergedZones"/>).
    /// </summary>
    public async Task<ApiResponse> GetZonesAsync(CancellationToken cancellationToken)
    {
        if (Instances is [var only])
        {
            return await SendAsync(only, HttpMethod.Get, "/zones", null, cancellationToken);
        }

        return FleetAnswers.MergedZones(await Task.WhenAll(Instances.Select(instance => SendAsync(instance, HttpMethod.Get, "/zones", null, cancellationToken))));
    }

    /// <summary>
    /// A zone for one robot goes to that robot's instance, and any copy of the same name on the other instances (it was
    /// the fleet's, or another robot's) is deleted, so a redrawn zone leaves nothing behind; a zone for every robot goes
    /// to every instance (each applies the zones to its own robots). The answer names the robots it did not reach.
    /// </summary>
    public async Task<ApiResponse> PutZoneAsync(string zone, ZoneRequest body, CancellationToken cancellationToken)
    {
        var path = $"/zones/{Uri.EscapeDataString(zone)}";
        if (body.Robot is not { } robot)
        {
            return await ToEveryInstanceAsync(FleetAnswers.ZoneChange, HttpMethod.Put, path, body, cancellationToken);
        }

        var drawn = await ToRobotAsync(robot, HttpMethod.Put, path, body, cancellationToken);
        if (!drawn.IsSuccess || Instances.Count == 1 || OwnerOf(robot) is not { } owner)
        {
            return drawn;
        }

        var answers = await Task.WhenAll(Instances.Select(instance => instance == owner
            ? Task.FromResult(drawn)
            : SendAsync(instance, HttpMethod.Delete, path, null, cancellationToken)));
        var settled = answers.Select(answer => !answer.FromConsole && answer.StatusCode == StatusCodes.Status404NotFound ? drawn : answer).ToList();
        return settled.All(answer => answer.IsSuccess) ? drawn : FleetAnswers.Combine(FleetAnswers.ZoneChange, Instances.Select((instance, i) => (instance.Name, fleet.RobotsOf(instance.Name), settled[i])).ToList());
    }

    /// <summary>To every instance: the ones that never had the zone (a robot's zone is on its instance only) answer 404, which is no failure.</summary>
    public Task<ApiResponse> DeleteZoneAsync(string zone, CancellationToken cancellationToken) =>
        ToEveryInstanceAsync(FleetAnswers.ZoneChange, HttpMethod.Delete, $"/zones/{Uri.EscapeDataString(zone)}", null, cancellationToken, absentIsDone: true);

    public Task<ApiResponse> SetSlowModeAsync(string robot, SlowModeRequest body, CancellationToken cancellationToken) =>
        ToRobotAsync(robot, HttpMethod.Put, $"/robots/{Escape(robot)}/slow-mode", body, cancellationToken);

    /// <summary>Stops every robot of every instance and latches; the answer names the robots it could not reach.</summary>
    public Task<ApiResponse> EmergencyStopAsync(CancellationToken cancellationToken) =>
        ToEveryInstanceAsync(FleetAnswers.EmergencyStop, HttpMethod.Post, "/estop", null, cancellationToken);

    public Task<ApiResponse> ReleaseEmergencyStopAsync(CancellationToken cancellationToken) =>
        ToEveryInstanceAsync(FleetAnswers.Release, HttpMethod.Post, "/estop/release", null, cancellationToken);

    /// <summary>
    /// A robot's command goes to its instance. With several instances, a robot no instance has shown is answered here:
    /// 404 when every instance is reachable (no such robot), else 503 (it may be on the one that is not).
    /// </summary>
    private Task<ApiResponse> ToRobotAsync(string robot, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        OwnerOf(robot) is { } instance
            ? SendAsync(instance, method, path, body, cancellationToken)
            : Task.FromResult(Instances.All(i => fleet.IsReachable(i.Name))
                ? ApiResponse.RobotNotFound(robot)
                : ApiResponse.Unreachable($"No reachable control api instance drives {robot}; nothing was sent."));

    private ApiInstance? OwnerOf(string robot) => Instances is [var only]
        ? only
        : fleet.OwnerOf(robot) is { } name ? Instances.FirstOrDefault(instance => string.Equals(instance.Name, name, StringComparison.OrdinalIgnoreCase)) : null;

    private async Task<ApiResponse> ToEveryInstanceAsync(
        string action, HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool absentIsDone = false)
    {
        if (Instances is [var only])
        {
            return await SendAsync(only, method, path, body, cancellationToken);
        }

        var answers = await Task.WhenAll(Instances.Select(instance => SendAsync(instance, method, path, body, cancellationToken)));
        if (absentIsDone && answers.FirstOrDefault(answer => answer.IsSuccess) is { } done
            && answers.All(answer => answer.IsSuccess || (!answer.FromConsole && answer.StatusCode == StatusCodes.Status404NotFound)))
        {
            return done;
        }

        return FleetAnswers.Combine(action, Instances.Select((instance, i) => (instance.Name, fleet.RobotsOf(instance.Name), answers[i])).ToList());
    }

    private async Task<ApiResponse> SendAsync(
        ApiInstance instance, HttpMethod method, string path, object? body, CancellationToken cancellationToken, (string Name, string Role)? actor = null)
    {
        // Every call here actuates: it gives up after CommandTimeout, and the api is told that instant, so a command
        // that reaches it later is refused there instead of acting after the operator was told it failed.
        var timeout = api.Value.CommandTimeout;
        var deadline = time.GetUtcNow() + timeout;
        if (_callerDeadline < deadline)
        {
            deadline = _callerDeadline.Value;
        }

        using var giveUp = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, giveUp.Token);

        using var request = Request(method, instance.At(path), actor);
        request.Headers.TryAddWithoutValidation(CommandDeadline.HeaderName, new CommandDeadline(deadline).ToString());
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: CommandJson);
        }

        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            var retryAfter = response.Headers.RetryAfter?.ToString();
            return new ApiResponse((int)response.StatusCode, contentType, text, retryAfter);
        }
        catch (Exception exception) when (exception is HttpRequestException
                                          || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            FrontendLog.ApiUnreachable(logger, instance.Name, method.Method, path, exception.Message);
            var (api, robots) = Instances.Count == 1 ? ("control api", "the robots") : ($"control api instance {instance.Name}", "its robots");
            // A dead api behind a proxy (Aspire's, a Service) does not refuse the connection, it never answers: the
            // live stream, lost too, tells that apart from a slow api.
            return ApiResponse.Unreachable(!giveUp.IsCancellationRequested
                ? $"The console could not reach the {api}; nothing was sent to {robots}."
                : fleet.ApiKnown && !fleet.IsReachable(instance.Name)
                ? $"The {api} is unreachable: no answer within {timeout.TotalMilliseconds:0} ms and its live stream is lost; nothing was done."
                : $"The {api} did not answer within {timeout.TotalMilliseconds:0} ms; past that instant it refuses the command, so nothing was done.");
        }
    }

    /// <summary>Every api instance this console talks to, in name order.</summary>
    public IReadOnlyList<ApiInstance> ApiInstances => Instances;

    /// <summary>The instance that drives <paramref name="robot"/>; null while no instance has shown it.</summary>
    public ApiInstance? InstanceOf(string robot) => OwnerOf(robot);

    /// <summary>
    /// A read passed on as it arrives (a recording, an MCAP file), never held whole in memory: the response once its
    /// headers are in, which the caller disposes when it has copied the body; null when the api cannot be reached.
    /// The client's timeout covers the headers only, so a long recording is not cut off.
    /// </summary>
    /// <param name="instance">The instance to read from; the first (with one api: the api) when not named.</param>
    public async Task<HttpResponseMessage?> OpenAsync(string pathAndQuery, CancellationToken cancellationToken, ApiInstance? instance = null)
    {
        instance ??= Instances[0];
        using var request = Request(HttpMethod.Get, instance.At(pathAndQuery), actor: null);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException
                                          || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            FrontendLog.ApiUnreachable(logger, instance.Name, HttpMethod.Get.Method, pathAndQuery, exception.Message);
            return null;
        }
    }

    /// <summary>A request to the api with the bearer key and the user it is made for (the signed-in one unless named).</summary>
    private HttpRequestMessage Request(HttpMethod method, Uri uri, (string Name, string Role)? actor)
    {
        var request = new HttpRequestMessage(method, uri);
        if (control.Value.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if ((actor ?? SignedIn()) is { } who)
        {
            request.Headers.Add(OperatorHeaders.User, who.Name);
            request.Headers.Add(OperatorHeaders.Role, who.Role);
        }

        return request;
    }

    // The api reads bodies strictly; absent beats null for optional fields.
    private static JsonSerializerOptions WriteOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        ContractJson.Configure(options);
        return options;
    }

    private (string Name, string Role)? SignedIn() =>
        context.HttpContext?.User is { Identity: { IsAuthenticated: true, Name: { } name } } user && OperatorRoles.Of(user) is { } role
            ? (name, role)
            : null;

    // Robot names come from the browser; escaping keeps "a/../estop" a single (unknown) name.
    private static string Escape(string robot) => Uri.EscapeDataString(robot);
}
