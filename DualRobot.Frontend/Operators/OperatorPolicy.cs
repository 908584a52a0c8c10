using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace DualRobot.Frontend.Operators;

/// <summary>Who may do what in the console, by role (cookie only): read, actuate, supervise.</summary>
public static class OperatorPolicy
{
    /// <summary>Actuating: operators and supervisors.</summary>
    public const string Name = "Operator";
    public const string Role = OperatorRoles.Operator;

    /// <summary>Signed in, whatever the role: the activity panel.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Releasing the e-stop.</summary>
    public const string Supervisor = "Supervisor";

    public static void Configure(AuthorizationPolicyBuilder policy) => RequireRole(policy, Role);

    public static AuthorizationBuilder AddOperatorPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Viewer, policy => RequireRole(policy, OperatorRoles.Viewer))
        .AddPolicy(Name, Configure)
        .AddPolicy(Supervisor, policy => RequireRole(policy, OperatorRoles.Supervisor));

    private static void RequireRole(AuthorizationPolicyBuilder policy, string role) => policy
        .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .RequireRole(role);
}
