using DualRobot.Api.Robots;

namespace DualRobot.Api.Diagnostics;

/// <summary>
/// Counts commands refused with 400 (bad body, direction, speed, lease, index or angle) as
/// <c>dualrobot_commands_total{outcome="invalid"}</c>. Validation happens in the endpoint, before the robot sees the
/// command, so the robot cannot count these itself. Unknown robots (404) are not counted: their names would be
/// unbounded label values.
/// </summary>
public static class InvalidCommandCounter
{
    public static RouteHandlerBuilder CountsInvalidCommands(this RouteHandlerBuilder builder, string action) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var inner = result is INestedHttpResult nested ? nested.Result : result;
            if (inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status400BadRequest }
                && context.HttpContext.GetRouteValue("name") is string name
                && context.HttpContext.RequestServices.GetRequiredService<RobotFleet>().TryGet(name, out var robot))
            {
                context.HttpContext.RequestServices.GetRequiredService<RobotMetrics>()
                    .CountCommand(robot.Name, action, CommandOutcomes.Invalid);
            }

            return result;
        });
}
