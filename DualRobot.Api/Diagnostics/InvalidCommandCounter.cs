using DualRobot.Api.Apis;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Diagnostics;

/// <summary>
/// Counts commands refused with 400 (bad body, direction, speed, lease, index or angle) as
/// <c>dualrobot_commands_total{outcome="invalid"}</c>. Validation happens before the robot sees the command (in
/// binding, <see cref="RequestValidation"/> or the handler), so the robot cannot count these itself. Unknown robots
/// (404) are not counted: their names would be unbounded label values.
/// </summary>
public static class InvalidCommandCounter
{
    /// <summary>Names the command an endpoint carries out, for the <c>action</c> label.</summary>
    public sealed record CommandAction(string Action);

    public static RouteHandlerBuilder WithCommandAction(this RouteHandlerBuilder builder, string action) =>
        builder.WithMetadata(new CommandAction(action));

    /// <summary>Counts the 400s of the group's handlers and filters (binding failures: <see cref="BindingFailureHandler"/>).</summary>
    public static RouteGroupBuilder CountsInvalidCommands(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var inner = result is INestedHttpResult nested ? nested.Result : result;
            if (inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status400BadRequest })
            {
                Count(context.HttpContext, context.HttpContext.GetEndpoint(), context.HttpContext.Request.RouteValues);
            }

            return result;
        });
        return group;
    }

    public static void Count(HttpContext context, Endpoint? endpoint, RouteValueDictionary? routeValues)
    {
        if (endpoint?.Metadata.GetMetadata<CommandAction>() is { } command
            && RobotRoute.TryResolve(context, routeValues, out var robot))
        {
            context.RequestServices.GetRequiredService<RobotMetrics>().CountCommand(robot.Name, command.Action, CommandOutcomes.Invalid);
        }
    }
}
