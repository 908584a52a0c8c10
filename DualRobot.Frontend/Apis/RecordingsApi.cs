using DualRobot.Frontend.Operators;
using DualRobot.Frontend.RobotApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// The flight recorder's recordings through the console, for any signed-in user (viewers included), as the api
/// answers them: <c>GET /recordings?robot=&amp;from=&amp;to=&amp;limit=</c> (the sessions), <c>GET /recordings/{id}</c>
/// (a session's states and events) and <c>GET /recordings/{id}.mcap</c> (the session for Foxglove). The api checks
/// every parameter (400 naming it, 404 for a session retention deleted); a recording is copied on as the api streams
/// it, never held whole in the console.
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
                return RelayAsync($"/recordings{query}", api, context);
            })
            .WithName("ConsoleRecordings");

        recordings.MapGet("/{id}", (string id, RobotApiClient api, HttpContext context) =>
                RelayAsync($"/recordings/{Uri.EscapeDataString(id)}", api, context))
            .WithName("ConsoleRecording");

        recordings.MapGet("/{id}.mcap", (string id, RobotApiClient api, HttpContext context) =>
                RelayAsync($"/recordings/{Uri.EscapeDataString(id)}.mcap", api, context))
            .WithName("ConsoleRecordingMcap");

        return app;
    }

    /// <summary>
    /// The api's answer: a success streamed on with its content type (and an MCAP's file name), a refusal (a small
    /// problem body) verbatim with its status, or the console's 503 when the api cannot be reached.
    /// </summary>
    private static async Task<Results<FileStreamHttpResult, ContentHttpResult>> RelayAsync(string path, RobotApiClient api, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        var response = await api.OpenAsync(path, context.RequestAborted);
        if (response is null)
        {
            var unreachable = ApiResponse.Unreachable("The console could not reach the control api to read the recordings.");
            return TypedResults.Content(unreachable.Body, unreachable.ContentType, statusCode: unreachable.StatusCode);
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
