using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Operators;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// The only way the console talks to the api. It adds the bearer key, which never leaves this process, and names
/// the signed-in user and role in <see cref="OperatorHeaders.User"/> and <see cref="OperatorHeaders.Role"/>, taken from the sign-in
/// cookie: every request is built here, so a header a browser sent is never passed on. The OpenTelemetry
/// HttpClient instrumentation carries the W3C trace context along.
/// </summary>
public sealed class RobotApiClient(
    HttpClient http, IOptions<ApiKeyOptions> control, IOptions<ApiOptions> api, TimeProvider time, IHttpContextAccessor context,
    Live.ConsoleEventHub live, ILogger<RobotApiClient> logger)
{
    private static readonly JsonSerializerOptions CommandJson = WriteOptions();

    public async Task<IReadOnlyList<RobotState>> GetRobotsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<RobotState>>("/robots", CommandJson, cancellationToken) ?? [];

    public Task<ApiResponse> DriveAsync(string robot, DriveRequest command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/drive", command, cancellationToken);

    public Task<ApiResponse> VelocityAsync(string robot, VelocityRequest command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/velocity", command, cancellationToken);

    public Task<ApiResponse> ResetPoseAsync(string robot, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/pose/reset", null, cancellationToken);

    public Task<ApiResponse> HeartbeatAsync(string robot, HeartbeatRequest command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/heartbeat", command, cancellationToken);

    public Task<ApiResponse> SetEyeAsync(string robot, EyeRequest command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/eye", command, cancellationToken);

    public Task<ApiResponse> SetServoAsync(string robot, int index, ServoRequest command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/robots/{Escape(robot)}/servos/{index.ToString(CultureInfo.InvariantCulture)}", command, cancellationToken);

    /// <summary>Any robot command: <c>POST /robots/{robot}/{route}</c> with its body (a command with no method of its own here).</summary>
    public Task<ApiResponse> SendCommandAsync(string robot, string route, object? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/{route}", body, cancellationToken);

    public Task<ApiResponse> TakeControlAsync(string robot, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/take-control", null, cancellationToken);

    /// <summary>The latest audit records, newest first, optionally of one robot.</summary>
    public Task<ApiResponse> GetActivityAsync(string? robot, int limit, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, string.IsNullOrEmpty(robot)
            ? $"/audit?limit={limit.ToString(CultureInfo.InvariantCulture)}"
            : $"/audit?limit={limit.ToString(CultureInfo.InvariantCulture)}&robot={Escape(robot)}", null, cancellationToken);

    /// <summary>
    /// Puts a sign-in or sign-out in the api's audit trail. The user is named explicitly: at sign-in the request's
    /// principal is still anonymous. A failure is logged and does not stop the sign-in.
    /// </summary>
    public async Task RecordSessionAsync(string user, string role, bool signIn, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Post, signIn ? "/audit/sign-in" : "/audit/sign-out", null, cancellationToken, (user, role));
        if (!response.IsSuccess)
        {
            FrontendLog.SessionNotAudited(logger, user, response.StatusCode);
        }
    }

    /// <summary>Every keep-out zone, the margin and the zones' version (any signed-in user).</summary>
    public Task<ApiResponse> GetZonesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "/zones", null, cancellationToken);

    public Task<ApiResponse> PutZoneAsync(string zone, ZoneRequest body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/zones/{Uri.EscapeDataString(zone)}", body, cancellationToken);

    public Task<ApiResponse> DeleteZoneAsync(string zone, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/zones/{Uri.EscapeDataString(zone)}", null, cancellationToken);

    public Task<ApiResponse> SetSlowModeAsync(string robot, SlowModeRequest body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/robots/{Escape(robot)}/slow-mode", body, cancellationToken);

    public Task<ApiResponse> EmergencyStopAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/estop", null, cancellationToken);

    public Task<ApiResponse> ReleaseEmergencyStopAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/estop/release", null, cancellationToken);

    private async Task<ApiResponse> SendAsync(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken, (string Name, string Role)? actor = null)
    {
        // Every call here actuates: it gives up after CommandTimeout, and the api is told that instant, so a command
        // that reaches it later is refused there instead of acting after the operator was told it failed.
        var timeout = api.Value.CommandTimeout;
        var deadline = time.GetUtcNow() + timeout;
        using var giveUp = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, giveUp.Token);

        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation(CommandDeadline.HeaderName, new CommandDeadline(deadline).ToString());
        if (control.Value.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if ((actor ?? SignedIn()) is { } who)
        {
            request.Headers.Add(OperatorHeaders.User, who.Name);
            request.Headers.Add(OperatorHeaders.Role, who.Role);
        }

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
            FrontendLog.ApiUnreachable(logger, method.Method, path, exception.Message);
            // A dead api behind a proxy (Aspire's, a Service) does not refuse the connection, it never answers: the
            // live stream, lost too, tells that apart from a slow api.
            return ApiResponse.Unreachable(!giveUp.IsCancellationRequested
                ? "The console could not reach the control api; nothing was sent to the robots."
                : live.ApiKnown && !live.ApiReachable
                ? $"The control api is unreachable: no answer within {timeout.TotalMilliseconds:0} ms and its live stream is lost; nothing was done."
                : $"The control api did not answer within {timeout.TotalMilliseconds:0} ms; past that instant it refuses the command, so nothing was done.");
        }
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
