using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Diagnostics;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.RobotApi;

/// <summary>
/// The only way the console talks to the api. It adds the bearer key, which never leaves this process; the
/// OpenTelemetry HttpClient instrumentation carries the W3C trace context along.
/// </summary>
public sealed class RobotApiClient(HttpClient http, IOptions<ControlOptions> control, ILogger<RobotApiClient> logger)
{
    private static readonly JsonSerializerOptions CommandJson = new(JsonSerializerDefaults.Web)
    {
        // The api reads bodies strictly; absent beats null for optional fields.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<IReadOnlyList<RobotState>> GetRobotsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<RobotState>>("/robots", cancellationToken) ?? [];

    public Task<ApiResponse> DriveAsync(string robot, DriveCommand command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/drive", command, cancellationToken);

    public Task<ApiResponse> HeartbeatAsync(string robot, HeartbeatCommand command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/heartbeat", command, cancellationToken);

    public Task<ApiResponse> SetEyeAsync(string robot, EyeCommand command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/robots/{Escape(robot)}/eye", command, cancellationToken);

    public Task<ApiResponse> SetServoAsync(string robot, int index, ServoCommand command, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"/robots/{Escape(robot)}/servos/{index.ToString(CultureInfo.InvariantCulture)}", command, cancellationToken);

    public Task<ApiResponse> EmergencyStopAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/estop", null, cancellationToken);

    public Task<ApiResponse> ReleaseEmergencyStopAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/estop/release", null, cancellationToken);

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (control.Value.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: CommandJson);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            var retryAfter = response.Headers.RetryAfter?.ToString();
            return new ApiResponse((int)response.StatusCode, contentType, text, retryAfter);
        }
        catch (Exception exception) when (exception is HttpRequestException
                                          || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            FrontendLog.ApiUnreachable(logger, method.Method, path, exception.Message);
            return ApiResponse.Unreachable("The console could not reach the control api; nothing was sent to the robots.");
        }
    }

    // Robot names come from the browser; escaping keeps "a/../estop" a single (unknown) name.
    private static string Escape(string robot) => Uri.EscapeDataString(robot);
}
