using Microsoft.AspNetCore.Authorization;

namespace DualRobot.Api.Operators;

/// <summary>The api's authorization policies, by role. Every one needs the api key first.</summary>
public static class OperatorPolicies
{
    /// <summary>Any actuation: drive, heartbeat, eye, servos, stop, e-stop, take control.</summary>
    public const string Operate = "Operate";

    /// <summary>Releasing the e-stop.</summary>
    public const string Supervise = "Supervise";

    public static AuthorizationBuilder AddOperatorPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Operate, policy => policy.RequireAuthenticatedUser().RequireRole(OperatorRoles.Operator))
        .AddPolicy(Supervise, policy => policy.RequireAuthenticatedUser().RequireRole(OperatorRoles.Supervisor));
}
