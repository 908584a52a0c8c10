using System.Globalization;
using System.Text.Json.Nodes;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.RobotApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// The flight recorder's recordings through the console, for any signed-in user (viewers included), as the api
/// answers them: <c>GET /recordings?robot=&amp;from=&amp;to=&amp;limit=</c> (the sessions), <c>GET /recordings/{id}</c>
/// (a session's states and events) and <c>GET /recordings/{id}.mcap</c> (the session for Foxglove). The api checks
/// every parameter (400 naming it, 404 for a session retention deleted); a recording is copied on as the api streams
/// it, never held whole in the console. With robots sharded over several api instances the lists of every instance
/// (of the robot's instance, for one robot) are merged newest first, each session named by its instance
/// (<see cref="FleetRecordingIds"/>), and a session is read from its instance.
/// </summary>
public static class RecordingsApi
{

    public static IEndpointRouteBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        var recordings = app.MapGroup("/recordings")
            .RequireAuthorization(OperatorPolicy.Viewer)
            .ExcludeFromDescription();

        recordings.MapGet("/", (string? robot, string? from, string? to, string? limit, RobotApiClient api, HttpContext context) =>
            {
                var query = QueryString.Create(new[] { ("robot", robot), ("from", from), ("to", to), ("limit", limit) }
                    .Where(p => p.Item2 is not null)
                    .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2)));
                return api.ApiInstances.Count == 1
                    ? RelayAsync($"/recordings{query}", api, context)
                    : MergedListAsync($"/recordings{query}", robot, limit, api, context);
            })
            .WithName("ConsoleRecordings");

        recordings.MapGet("/{id}", (string id, RobotApiClient api, HttpContext context) =>
                FromItsInstanceAsync(id, "", api, context))
            .WithName("ConsoleRecording");

        recordings.MapGet("/{id}.mcap", (string id, RobotApiClient api, HttpContext context) =>
                FromItsInstanceAsync(id, ".mcap", api, context))
            .WithName("ConsoleRecordingMcap");

        return app;
    }

    private static async Task<Results<FileStreamHttpResult, ContentHttpResult>> FromItsInstanceAsync(
        string id, string suffix, RobotApiClient api, HttpContext context)
    {
        if (api.ApiInstances.Count == 1)
        {
            return await RelayAsync($"/recordings/{Uri.EscapeDataString(id)}{suffix}", api, context);
        }

        if (!FleetRecordingIds.TryResolve(id, api.ApiInstances, out var instance, out var number))
        {
            context.Response.Headers.CacheControl = "no-store";
            var unknown = ApiResponse.Problem(StatusCodes.Status404NotFound, new
            {
                type = ProblemTypes.RecordingNotFound,
                title = "Recording not found",
                status = StatusCodes.Status404NotFound,
                detail = $"No recorded session is named '{(id.Length <= 64 ? id : id[..64] + "…")}': with several api instances a session is "
                    + $"named by its instance and number (instance{FleetRecordingIds.Separator}number), as GET /recordings lists them.",
            });
            return unknown.ToContent();
        }

        return await RelayAsync($"/recordings/{Uri.EscapeDataString(number)}{suffix}", api, context, instance);
    }

    /// <summary>
    /// Every instance's sessions (the robot's instance's only, for one robot), each named by its instance, newest first
    /// and cut to the limit asked for (the api's default otherwise); an instance's refusal as it came when none answered.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ContentHttpResult>> MergedListAsync(
        string pathAndQuery, string? robot, string? limit, RobotApiClient api, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        IReadOnlyList<ApiInstance>? instances = string.IsNullOrEmpty(robot) ? api.ApiInstances : api.InstanceOf(robot) is { } owner ? [owner] : null;
        if (instances is null)
        {
            var notFound = ApiResponse.RobotNotFound(robot!);
            return notFound.ToContent();
        }

        var answers = await Task.WhenAll(instances.Select(async instance =>
        {
            using var response = await api.OpenAsync(pathAndQuery, context.RequestAborted, instance);
            if (response is null)
            {
                return ApiResponse.Unreachable($"The console could not reach control api instance {instance.Name} to read its recordings.");
            }

            var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
            var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            return new ApiResponse((int)response.StatusCode, contentType, response.IsSuccessStatusCode ? Named(body, instance) : body, null);
        }));
        var count = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? asked : RecordingListLimits.Default;
        var merged = FleetAnswers.NewestFirst(answers, "start", count);
        return merged.ToContent();
    }

    /// <summary>The sessions of <paramref name="instance"/>'s list, each with its id named by the instance.</summary>
    private static string Named(string list, ApiInstance instance)
    {
        if (JsonNode.Parse(list) is not JsonArray sessions)
        {
            return list;
        }

        foreach (var session in sessions.OfType<JsonObject>())
        {
            session["id"] = FleetRecordingIds.Of(instance.Name, session["id"]?.ToJsonString() ?? "");
        }

        return sessions.ToJsonString();
    }

    /// <summary>
    /// The api's answer: a success streamed on with its content type (and an MCAP's file name), a refusal (a small
    /// problem body) verbatim with its status, or the console's 503 when the api cannot be reached.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ContentHttpResult>> RelayAsync(
        string path, RobotApiClient api, HttpContext context, ApiInstance? instance = null)
    {
        context.Response.Headers.CacheControl = "no-store";
        var response = await api.OpenAsync(path, context.RequestAborted, instance);
        if (response is null)
        {
            var unreachable = ApiResponse.Unreachable("The console could not reach the control api to read the recordings.");
            return unreachable.ToContent();
        }

        context.Response.RegisterForDispose(response);
        var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(context.RequestAborted);
            return TypedResults.Content(problem, contentType, statusCode: (int)response.StatusCode);
        }

        var disposition = response.Content.Headers.ContentDisposition;
        var fileName = disposition?.FileNameStar ?? disposition?.FileName?.Trim('"');
        return TypedResults.Stream(await response.Content.ReadAsStreamAsync(context.RequestAborted), contentType, fileName);
    }
}
