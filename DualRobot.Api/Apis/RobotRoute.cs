using DualRobot.Api.Robots;
using Microsoft.AspNetCore.Http.Features;

namespace DualRobot.Api.Apis;

/// <summary>
/// Resolves the <c>{name}</c> of a command route to its robot, once for the whole group: an unknown name is a 404
/// problem before any handler or validation runs, and the handler takes the robot from <see cref="Robot(HttpContext)"/>.
/// </summary>
internal static class RobotRoute
{
    public const string NameParameter = "name";

    public static RouteGroupBuilder ResolvesRobot(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter((context, next) =>
        {
            var http = context.HttpContext;
            if (!TryResolve(http, http.Request.RouteValues, out var robot))
            {
                return ValueTask.FromResult<object?>(CommandResults.RobotNotFound(NameOf(http.Request.RouteValues)));
            }

            http.Features.Set(robot);
            return next(context);
        });
        return group;
    }

    /// <summary>The robot the group's filter resolved.</summary>
    public static Robot Robot(this HttpContext context) => context.Features.GetRequiredFeature<Robot>();

    /// <summary>
    /// Also used by <see cref="BindingFailureHandler"/>: a body is bound before any filter runs, so a bad body to an
    /// unknown robot must still be the 404 it would be with a good one.
    /// </summary>
    public static bool TryResolve(HttpContext context, RouteValueDictionary? routeValues, out Robot robot)
    {
        robot = null!;
        return routeValues?[NameParameter] is string name
            && context.RequestServices.GetRequiredService<RobotFleet>().TryGet(name, out robot);
    }

    public static string NameOf(RouteValueDictionary? routeValues) => routeValues?[NameParameter] as string ?? string.Empty;
}
