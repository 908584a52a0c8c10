using DualRobot.Api.Audit;
using DualRobot.Api.Control;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Operators;
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

        // Never rate limited, never refused for a claim, and never queued behind motions: every robot is stopped
        // ahead of its waiting commands.
        estop.MapPost("/", async Task<Ok<EmergencyStopState>> (RobotFleet fleet, AuditTrail audit, HttpContext context) =>
            {
                var wasLatched = fleet.EmergencyStop.Latched;
                var state = await fleet.EmergencyStopAsync();
                audit.Record(context.User.UserName(), null, RobotActions.EmergencyStop,
                    new Dictionary<string, string> { ["alreadyLatched"] = wasLatched ? "true" : "false" }, CommandOutcomes.Accepted);
                return TypedResults.Ok(state);
            })
            .WithName("EmergencyStop")
            .WithSummary("Stop every robot and latch: motion is refused with 409 until released. Operators and supervisors.")
            .RequireAuthorization(OperatorPolicies.Operate)
            .DisableAntiforgery();

        estop.MapPost("/release", (RobotFleet fleet, AuditTrail audit, HttpContext context) =>
            {
                var wasLatched = fleet.EmergencyStop.Latched;
                var state = fleet.ReleaseEmergencyStop();
                audit.Record(context.User.UserName(), null, RobotActions.EmergencyStopRelease,
                    new Dictionary<string, string> { ["wasLatched"] = wasLatched ? "true" : "false" }, CommandOutcomes.Accepted);
                return TypedResults.Ok(state);
            })
            .WithName("ReleaseEmergencyStop")
            .WithSummary("Release the emergency stop. Robots stay stopped until the next command. Supervisors only.")
            .RequireAuthorization(OperatorPolicies.Supervise)
            .DisableAntiforgery();

        return app;
    }
}
