using DualRobot.Api.Groups;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Api.Apis;

/// <summary>
/// Resolves the <c>{group}</c> of a group route, once for the whole route group: an unknown name is a 404 problem
/// before any handler or validation runs (as <see cref="RobotRoute"/> does for robots).
/// </summary>
internal static class GroupRoute
{
    public const string NameParameter = "group";

    public static RouteGroupBuilder ResolvesGroup(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter((context, next) =>
        {
            var http = context.HttpContext;
            if (!TryResolve(http, http.Request.RouteValues, out var resolved))
            {
                return ValueTask.FromResult<object?>(NotFound(NameOf(http.Request.RouteValues)));
            }

            http.Features.Set(resolved);
            return next(context);
        });
        return group;
    }

    public static RobotGroup Group(this HttpContext context) => context.Features.GetRequiredFeature<RobotGroup>();

    /// <summary>Also for <see cref="BindingFailureHandler"/>: a bad body to an unknown group is still the 404.</summary>
    public static bool TryResolve(HttpContext context, RouteValueDictionary? routeValues, out RobotGroup group)
    {
        group = null!;
        return routeValues?[NameParameter] is string name
            && context.RequestServices.GetRequiredService<RobotGroups>().TryGet(name, out group);
    }

    public static string NameOf(RouteValueDictionary? routeValues) => routeValues?[NameParameter] as string ?? string.Empty;

    public static ProblemHttpResult NotFound(string name) => TypedResults.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Group not found",
        Detail = $"No group is named '{(name.Length <= 64 ? name : name[..64] + "…")}' on this api instance.",
        Type = ProblemTypes.GroupNotFound,
    });
}
