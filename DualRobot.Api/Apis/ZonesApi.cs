using System.Globalization;
using DualRobot.Api.Audit;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Operators;
using DualRobot.Api.Robots;
using DualRobot.Api.Safety;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Api.Apis;

/// <summary>
/// The safety envelope's settings: the keep-out zones (read by anyone, drawn and deleted by supervisors) and a robot's
/// slow mode (supervisors). Every change is written to the safety store first, audited, and published: each robot's
/// state goes out again with the new <c>envelope</c> (its <c>zonesVersion</c>, its <c>slowMode</c>).
/// </summary>
public static class ZonesApi
{
    public const string ZoneParameter = "zone";

    public static IEndpointRouteBuilder MapZonesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/zones").WithTags("Safety")
            .MapGet("/", (ZoneCatalog zones) => TypedResults.Ok(zones.Current.Set))
            .WithName("GetZones")
            .WithSummary("Every keep-out zone (configured and drawn), the margin robots keep from them and from the arena's edge, and the zones' version.");

        var edits = app.MapGroup("/zones")
            .WithTags("Safety")
            .RequireAuthorization(OperatorPolicies.Supervise)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RequestProblems.MaxBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ValidatesBodies();

        edits.MapPut($"/{{{ZoneParameter}}}", PutZone)
            .WithName("PutZone")
            .WithSummary("Draw or redraw a keep-out zone (a rectangle or a polygon, metres, for every robot or one). Supervisors only.");

        edits.MapDelete($"/{{{ZoneParameter}}}", DeleteZone)
            .WithName("DeleteZone")
            .WithSummary("Delete a keep-out zone a supervisor drew (configured zones change only with the configuration). Supervisors only.");

        app.MapGroup("/robots/{name}")
            .WithTags("Safety")
            .RequireAuthorization(OperatorPolicies.Supervise)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RequestProblems.MaxBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ResolvesRobot()
            .ValidatesBodies()
            .MapPut("/slow-mode", SetSlowMode)
            .WithName("SetSlowMode")
            .WithSummary("Turn a robot's slow mode on or off: every driver is capped at Safety:SlowModeMaxSpeed. Supervisors only.");

        return app;
    }

    internal static Results<Ok<ZoneSet>, ValidationProblem, ProblemHttpResult> PutZone(
        string zone, ZoneRequest body, HttpContext context, ZoneCatalog zones, SafetyStore store, RobotFleet fleet, AuditTrail audit, ILogger<ZoneCatalog> logger)
    {
        if (ZoneShape.NameProblem(zone) is { } nameProblem)
        {
            return RequestProblems.Invalid(ZoneParameter, nameProblem);
        }

        Robot? robot = null;
        if (body.Robot is { } robotName && !fleet.TryGet(robotName, out robot))
        {
            return RequestProblems.Invalid("robot", $"No robot is named '{robotName}'; leave it out to keep every robot out.");
        }

        var user = context.User.UserName();
        if (!TryChange(logger, store, () => zones.Put(zone, body, robot?.Name, user), out var change, out var unavailable))
        {
            return unavailable;
        }

        switch (change.Edit)
        {
            case ZoneEdit.Configured:
                return Configured(zone);
            case ZoneEdit.TooMany:
                return RequestProblems.Invalid(ZoneParameter, $"There are {SafetyOptions.MaxZones} zones already, the most there may be; delete one first.");
        }

        var drawn = change.Zone!;
        var parameters = new Dictionary<string, string>
        {
            ["zone"] = drawn.Name,
            ["shape"] = drawn.Rectangle is null ? "polygon" : "rectangle",
            ["points"] = (drawn.Polygon?.Count ?? 4).ToString(CultureInfo.InvariantCulture),
            ["replaced"] = change.Edit == ZoneEdit.Replaced ? "true" : "false",
        };
        return Changed(context, zones, fleet, audit, logger, drawn.Robot, RobotActions.ZonePut, parameters, change.Edit == ZoneEdit.Replaced ? "redrew" : "drew", drawn.Name);
    }

    internal static Results<Ok<ZoneSet>, ValidationProblem, ProblemHttpResult> DeleteZone(
        string zone, HttpContext context, ZoneCatalog zones, SafetyStore store, RobotFleet fleet, AuditTrail audit, ILogger<ZoneCatalog> logger)
    {
        var robot = zones.Current.Set.Zones.FirstOrDefault(z => string.Equals(z.Name, zone, StringComparison.OrdinalIgnoreCase))?.Robot;
        if (!TryChange(logger, store, () => (zones.Delete(zone), null), out var change, out var unavailable))
        {
            return unavailable;
        }

        return change.Edit switch
        {
            ZoneEdit.Configured => Configured(zone),
            ZoneEdit.NotFound => TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Zone not found",
                Detail = $"No keep-out zone is named '{(zone.Length <= 64 ? zone : zone[..64] + "…")}'.",
                Type = ProblemTypes.ZoneNotFound,
            }),
            _ => Changed(context, zones, fleet, audit, logger, robot, RobotActions.ZoneDelete,
                new Dictionary<string, string> { ["zone"] = zone }, "deleted", zone),
        };
    }

    internal static Results<Ok<RobotState>, ValidationProblem, ProblemHttpResult> SetSlowMode(
        SlowModeRequest body, HttpContext context, SlowModes slowModes, SafetyStore store, AuditTrail audit, ILogger<ZoneCatalog> logger)
    {
        var robot = context.Robot();
        var enabled = body.Enabled!.Value;
        if (enabled && !robot.Options.HasSpeedControl)
        {
            return RequestProblems.Invalid("enabled",
                $"Robot '{robot.Name}' has no enable (PWM) pins: it only drives at full speed, so in slow mode it could not move at all.");
        }

        var user = context.User.UserName();
        if (!TryChange(logger, store, () => { slowModes.Set(robot.Name, enabled, user); return (ZoneEdit.Replaced, null); }, out _, out var unavailable))
        {
            return unavailable;
        }

        audit.Record(user, robot.Name, RobotActions.SlowMode, new Dictionary<string, string> { ["enabled"] = enabled ? "true" : "false" }, CommandOutcomes.Accepted);
        SafetyLog.SlowModeChanged(logger, user, enabled ? "on" : "off", robot.Name);
        robot.Publish();
        return TypedResults.Ok(robot.GetState());
    }

    private static Ok<ZoneSet> Changed(
        HttpContext context, ZoneCatalog zones, RobotFleet fleet, AuditTrail audit, ILogger logger,
        string? robot, string action, Dictionary<string, string> parameters, string verb, string zone)
    {
        var user = context.User.UserName();
        var set = zones.Current.Set;
        audit.Record(user, robot, action, parameters, CommandOutcomes.Accepted);
        SafetyLog.ZoneChanged(logger, user, verb, zone, set.Version);

        // Every state goes out with the new zones' version: each console reads the zones again.
        foreach (var each in fleet.Robots)
        {
            each.Publish();
        }

        return TypedResults.Ok(set);
    }

    /// <summary>Runs a change that writes the safety store; a store that cannot be written is a 503 and changes nothing.</summary>
    private static bool TryChange(
        ILogger logger, SafetyStore store, Func<(ZoneEdit Edit, KeepOutZone? Zone)> change, out (ZoneEdit Edit, KeepOutZone? Zone) result, out ProblemHttpResult unavailable)
    {
        try
        {
            result = change();
            store.Written(null);
            unavailable = null!;
            return true;
        }
        catch (Exception ex) when (SafetyStore.IsStoreFailure(ex))
        {
            store.Written(ex);
            SafetyLog.StoreFailed(logger, ex);
            result = default;
            unavailable = TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Safety store unavailable",
                detail: "The change could not be stored, so it was not made; the zones and slow modes are as they were.",
                type: ProblemTypes.StoreUnavailable);
            return false;
        }
    }

    private static ProblemHttpResult Configured(string zone) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Configured zone",
        detail: $"Keep-out zone '{zone}' is part of the configuration (Safety:Zones); only a change of configuration changes or deletes it.",
        type: ProblemTypes.ZoneConfigured);
}
