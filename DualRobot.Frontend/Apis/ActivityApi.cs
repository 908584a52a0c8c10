using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.Apis;

public static class ActivityApi
{
    /// <summary>What the Activity panel shows: at most this many of the newest audit records.</summary>
    public const int Latest = 50;

    /// <summary>
    /// <c>GET /activity?robot=</c>: the newest audit records from the api (any signed-in user, viewers included),
    /// relayed as the api answered; a robot name is checked by the api (400 naming <c>robot</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/activity", async Task<ContentHttpResult> (string? robot, RobotApiClient api, HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                var response = await api.GetActivityAsync(robot, Latest, context.RequestAborted);
                return response.ToContent();
            })
            .WithName("ConsoleActivity")
            .RequireAuthorization(OperatorPolicy.Viewer)
            .ExcludeFromDescription();

        return app;
    }
}
