using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Diagnostics;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// The velocity and pose routes of <c>/control</c> (gamepad, touch joystick, key arcs and the arena's reset),
/// relayed like every other command: same group, same operator policy and antiforgery filter.
/// </summary>
internal static class MotionControlApi
{
    public static RouteGroupBuilder MapMotionControl(this RouteGroupBuilder control)
    {
        control.MapPost("/{robot}/velocity", (string robot, VelocityRequest command, ControlApi.CommandContext context) =>
            context.RelayAsync(context.VelocityAsync(robot, command)));

        control.MapPost("/{robot}/pose/reset", (string robot, ControlApi.CommandContext context) =>
            context.RunAsync(ConsoleTelemetry.Spans.PoseReset, "pose.reset", robot, null,
                api => api.ResetPoseAsync(robot, context.Aborted)));

        return control;
    }
}
