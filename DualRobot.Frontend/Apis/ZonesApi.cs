using DualRobot.Frontend.Control;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.RobotApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DualRobot.Frontend.Apis;

/// <summary>
/// The safety envelope's settings through the console: <c>GET /zones</c> for any signed-in user (what the arena draws;
/// read it again when a robot's <c>envelope.zonesVersion</c> changes), and on the <c>/control</c> group, for
/// supervisors only, the edits: each one <see cref="RelayedCommand"/> through the <see cref="CommandRelay"/> like every
/// actuation (policy, span, api call, the api's answer verbatim).
/// </summary>
public static class ZonesApi
{
    public static IEndpointRouteBuilder MapZonesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/zones", async Task<ContentHttpResult> (RobotApiClient api, HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                var response = await api.GetZonesAsync(context.RequestAborted);
                return response.ToContent();
            })
            .WithName("ConsoleZones")
            .RequireAuthorization(OperatorPolicy.Viewer)
            .ExcludeFromDescription();

        return app;
    }

    /// <summary>
    /// <c>PUT</c> and <c>DELETE /control/zones/{zone}</c>, <c>POST /control/{robot}/slow-mode</c>: added to the
    /// <c>/control</c> group (signed in, antiforgery) through its extension point, for supervisors.
    /// </summary>
    public static readonly ControlApi.ConsoleCommandEndpoint SupervisorRoutes = new(control =>
    {
        control.MapPut("/zones/{zone}", (string zone, ZoneRequest body, ControlApi.Relay relay) => relay.SendAsync(RelayedCommand.PutZone(zone, body)))
            .RequireAuthorization(OperatorPolicy.Supervisor);

        control.MapDelete("/zones/{zone}", (string zone, ControlApi.Relay relay) => relay.SendAsync(RelayedCommand.DeleteZone(zone)))
            .RequireAuthorization(OperatorPolicy.Supervisor);

        control.MapPost("/{robot}/slow-mode", (string robot, SlowModeRequest body, ControlApi.Relay relay) => relay.SendAsync(RelayedCommand.SlowMode(robot, body)))
            .RequireAuthorization(OperatorPolicy.Supervisor);
    });
}
