using DualRobot.Api.Control;
using DualRobot.Api.Robots;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Api.Apis;

public static class EmergencyStopApi
{
    public static IEndpointRouteBuilder MapEmergencyStopApi(this IEndpointRouteBuilder app)
    {
        var estop = app.MapGroup("/estop").WithTags("Emergency stop");

        estop.MapGet("/", (RobotFleet fleet) => TypedResults.Ok(fleet.EmergencyStop))
            .WithName("GetEmergencyStop")
            .WithSummary("Whether the emergency stop is latched.");

        // Never rate limited and never queued behind motions: every robot is stopped ahead of its waiting commands.
        estop.MapPost("/", async Task<Ok<EmergencyStopState>> (RobotFleet fleet) => TypedResults.Ok(await fleet.EmergencyStopAsync()))
            .WithName("EmergencyStop")
            .WithSummary("Stop every robot and latch: motion is refused with 409 until released.")
            .RequireAuthorization()
            .DisableAntiforgery();

        estop.MapPost("/release", (RobotFleet fleet) => TypedResults.Ok(fleet.ReleaseEmergencyStop()))
            .WithName("ReleaseEmergencyStop")
            .WithSummary("Release the emergency stop. Robots stay stopped until the next command.")
            .RequireAuthorization()
            .DisableAntiforgery();

        return app;
    }
}
